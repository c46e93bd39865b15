//! Where the prepared road network lives: a folder next to an SQLite database
//! (`maillage.db.roads/`) or named by `--roads DIR` (the PostgreSQL default is `maillage.roads/`
//! in the working folder: see `store::Database::default_roads_dir`), written whole by `maillage import roads` and swapped in by a rename.

use super::ServiceError;
use crate::routing::{RoadNetwork, RoutingError};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const METADATA_FILE: &str = "metadata.json";

/// The road folder of one database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoadFolder {
    pub dir: PathBuf,
}

/// What [`RoadFolder::load`] found.
#[derive(Debug)]
pub enum RoadLoad {
    Loaded(Arc<RoadNetwork>, RoadsVersion),
    /// No network in the folder.
    Missing,
    /// An import replaced the folder while it was being read: try again.
    Changing,
    /// This version cannot be loaded (corrupt, or written by another format version).
    Failed(RoadsVersion, RoutingError),
}

impl RoadLoad {
    /// For a one-off reader (a CLI command): the network if there is one, an error if it
    /// cannot be read now.
    pub fn network(self, folder: &RoadFolder) -> Result<Option<Arc<RoadNetwork>>, ServiceError> {
        match self {
            RoadLoad::Loaded(n, _) => Ok(Some(n)),
            RoadLoad::Missing => Ok(None),
            RoadLoad::Changing => Err(ServiceError::RoadsChanging(folder.dir.clone())),
            RoadLoad::Failed(_, e) => Err(e.into()),
        }
    }
}

/// Identifies one prepared network: the text of its metadata (source, build date and time
/// taken), which changes with every import. Cheap to read every second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoadsVersion(String);

impl RoadFolder {
    /// The folder next to the SQLite file `db`: `<db>.roads`.
    pub fn next_to(db: &Path) -> RoadFolder {
        RoadFolder {
            dir: crate::store::Database::Sqlite(db.to_path_buf()).default_roads_dir(),
        }
    }

    /// The version of the network now in the folder, `None` when there is none.
    pub fn version(&self) -> Option<RoadsVersion> {
        std::fs::read_to_string(self.dir.join(METADATA_FILE))
            .ok()
            .map(RoadsVersion)
    }

    /// Loads the network now in the folder.
    pub fn load(&self) -> RoadLoad {
        let Some(before) = self.version() else {
            return RoadLoad::Missing;
        };
        match RoadNetwork::load(&self.dir) {
            // An import may have swapped the folder while we read: only what was read under
            // one unchanged metadata file counts.
            Ok(network) if self.version().as_ref() == Some(&before) => {
                RoadLoad::Loaded(Arc::new(network), before)
            }
            Ok(_) => RoadLoad::Changing,
            Err(_) if self.version().as_ref() != Some(&before) => RoadLoad::Changing,
            Err(e) => RoadLoad::Failed(before, e),
        }
    }

    /// Removes temporary folders that an interrupted `import roads` left beside this one
    /// (`.NAME.tmp-PID`, `.NAME.old-PID`) when their process is gone.
    pub fn remove_stale_temporaries(&self) {
        let (Some(parent), Some(name)) = (self.dir.parent(), self.dir.file_name()) else {
            return;
        };
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        let Ok(entries) = std::fs::read_dir(parent) else {
            return;
        };
        let name = name.to_string_lossy();
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            let pid = [".tmp-", ".old-"].iter().find_map(|infix| {
                file.strip_prefix(&format!(".{name}{infix}"))
                    .and_then(|p| p.parse::<u32>().ok())
            });
            if let Some(pid) = pid {
                // Only where a process's liveness can be read (Linux's /proc).
                let gone =
                    cfg!(target_os = "linux") && !Path::new(&format!("/proc/{pid}")).exists();
                if gone {
                    tracing::info!("removing {} left by an interrupted import", file);
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
    }
}
