//! Which hierarchy an import prepares: the greedy contraction of `fast_paths` after the
//! degree-2 chains (smaller search spaces, and faster on road-like networks, where most nodes
//! are shape points) or the customizable one (bounded on any network: `fast_paths` did not
//! finish a 1 M-node street grid in 25 minutes, the customizable one prepares it in about 5).

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
    /// Decided per profile by the share of nodes with at most two neighbours (see
    /// [`HierarchyChoice::resolve`]).
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

/// Below this share of nodes with at most two neighbours (shape points and dead ends, which
/// the chains take away before `fast_paths`), a network is a mesh of junctions — a street
/// grid — and `auto` prepares the customizable hierarchy. Measured: 0.4 % on the generated
/// 1 M-node grid (`fast_paths` did not finish), 65 % on france-rural-4m and 72 % on
/// rural-sw-1m (chains + `fast_paths` prepare both profiles in 45 s and 17 s).
pub const AUTO_CCH_BELOW: f64 = 0.25;

impl HierarchyChoice {
    /// The kind of hierarchy this choice prepares on `graph`: `auto` is [`HierarchyKind::Cch`]
    /// when under [`AUTO_CCH_BELOW`] of its nodes have at most two neighbours, else
    /// [`HierarchyKind::Ch`].
    pub fn resolve(self, graph: &Csr) -> HierarchyKind {
        match self {
            HierarchyChoice::Auto => self.resolve_by_share(shape_point_share(graph)),
            _ => self.resolve_by_share(1.0),
        }
    }

    /// [`HierarchyChoice::resolve`] for a graph whose [`shape_point_share`] is `share`.
    pub fn resolve_by_share(self, share: f64) -> HierarchyKind {
        match self {
            HierarchyChoice::Ch => HierarchyKind::Ch,
            HierarchyChoice::Cch => HierarchyKind::Cch,
            HierarchyChoice::Auto if share < AUTO_CCH_BELOW => HierarchyKind::Cch,
            HierarchyChoice::Auto => HierarchyKind::Ch,
        }
    }
}

/// The share of `graph`'s nodes with at most two distinct neighbours, either direction.
pub fn shape_point_share(graph: &Csr) -> f64 {
    let n = graph.num_nodes();
    if n == 0 {
        return 0.0;
    }
    // The first two neighbours met, and whether a third one was.
    let mut seen = vec![[u32::MAX; 2]; n];
    let mut more = vec![false; n];
    let mut meet = |u: u32, v: u32| {
        let s = &mut seen[u as usize];
        if s[0] == v || s[1] == v {
        } else if s[0] == u32::MAX {
            s[0] = v;
        } else if s[1] == u32::MAX {
            s[1] = v;
        } else {
            more[u as usize] = true;
        }
    };
    for u in 0..n as u32 {
        for e in graph.edges(u) {
            let v = graph.head[e];
            if u != v {
                meet(u, v);
                meet(v, u);
            }
        }
    }
    more.iter().filter(|&&m| !m).count() as f64 / n as f64
}

/// A prepared hierarchy, which kind it is, and the customizable preparation's figures.
pub struct PreparedHierarchy {
    pub ch: Ch,
    pub kind: HierarchyKind,
    pub cch: Option<CchStats>,
}

/// Prepares the hierarchy `choice` asks for (`fast_paths` on the whole graph for
/// [`HierarchyKind::Ch`]; imports contract the chains first, see `network.rs`).
pub fn prepare_hierarchy(
    coords: &[[f64; 2]],
    graph: &Csr,
    params: &ChParams,
    choice: HierarchyChoice,
) -> Result<PreparedHierarchy, GraphDefect> {
    match choice.resolve(graph) {
        HierarchyKind::Ch => Ok(PreparedHierarchy {
            ch: Ch::prepare(graph, params)?,
            kind: HierarchyKind::Ch,
            cch: None,
        }),
        HierarchyKind::Cch => {
            let (_, ch, stats) = super::prepare(coords, graph)?;
            Ok(PreparedHierarchy {
                ch,
                kind: HierarchyKind::Cch,
                cch: Some(stats),
            })
        }
    }
}
