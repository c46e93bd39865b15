//! Which hierarchy an import prepares: the greedy contraction of `fast_paths` (smaller search
//! spaces on road-like networks) or the customizable one (bounded on any network).

use super::super::ch::{Ch, ChParams};
use super::super::defect::GraphDefect;
use super::super::graph::Csr;
use super::CchStats;
use serde::{Deserialize, Serialize};

/// How a profile's hierarchy was prepared, recorded in the network's metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HierarchyKind {
    /// Greedy contraction with witness searches (`fast_paths`).
    #[default]
    Ch,
    /// Nested-dissection order, contraction without witnesses, customization.
    Cch,
}

impl HierarchyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HierarchyKind::Ch => "ch",
            HierarchyKind::Cch => "cch",
        }
    }
}

/// What `import roads --hierarchy` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HierarchyChoice {
    /// Decided per profile from the network's separators (see [`prepare_hierarchy`]).
    #[default]
    Auto,
    Ch,
    Cch,
}

impl std::str::FromStr for HierarchyChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "auto" => Ok(HierarchyChoice::Auto),
            "ch" => Ok(HierarchyChoice::Ch),
            "cch" => Ok(HierarchyChoice::Cch),
            other => Err(format!("hierarchy {other:?}: expected auto, ch or cch")),
        }
    }
}

/// A prepared hierarchy, which kind it is, and the customizable preparation's figures.
pub struct PreparedHierarchy {
    pub ch: Ch,
    pub kind: HierarchyKind,
    pub cch: Option<CchStats>,
}

/// Prepares the hierarchy `choice` asks for.
pub fn prepare_hierarchy(
    coords: &[[f64; 2]],
    graph: &Csr,
    params: &ChParams,
    choice: HierarchyChoice,
) -> Result<PreparedHierarchy, GraphDefect> {
    match choice {
        HierarchyChoice::Ch | HierarchyChoice::Auto => Ok(PreparedHierarchy {
            ch: Ch::prepare(graph, params)?,
            kind: HierarchyKind::Ch,
            cch: None,
        }),
        HierarchyChoice::Cch => {
            let (_, ch, stats) = super::prepare(coords, graph)?;
            Ok(PreparedHierarchy {
                ch,
                kind: HierarchyKind::Cch,
                cch: Some(stats),
            })
        }
    }
}
