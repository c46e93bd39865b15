//! Which communes a coverage question is about.

use super::CoverageError;
use crate::model::InseeCode;
use crate::registry::Snapshot;

/// A set of communes named by the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    All,
    Departement(String),
    Region(String),
    /// SIREN of an EPCI.
    Epci(String),
    Commune(InseeCode),
}

impl Selection {
    /// Indices of the selected communes in the snapshot; an error names what matched nothing.
    pub fn communes(&self, snapshot: &Snapshot) -> Result<Vec<usize>, CoverageError> {
        let keep = |f: &dyn Fn(&crate::model::Commune) -> bool| -> Vec<usize> {
            (0..snapshot.communes.len())
                .filter(|&i| f(&snapshot.communes[i]))
                .collect()
        };
        let (found, what) = match self {
            Selection::All => (keep(&|_| true), "the registry".to_string()),
            Selection::Departement(d) => {
                (keep(&|c| c.departement == *d), format!("département {d:?}"))
            }
            Selection::Region(r) => (
                keep(&|c| c.region.as_deref() == Some(r)),
                format!("région {r:?}"),
            ),
            Selection::Epci(e) => (
                keep(&|c| c.epci.as_deref() == Some(e)),
                format!("EPCI {e:?}"),
            ),
            Selection::Commune(code) => (
                keep(&|c| c.code == *code),
                format!("commune {:?}", code.as_str()),
            ),
        };
        if found.is_empty() {
            Err(CoverageError::EmptySelection { what })
        } else {
            Ok(found)
        }
    }
}
