//! Where the prepared road network lives: a folder next to the database (`maillage.db.roads/`),
//! written whole by `maillage import roads` and swapped in by a rename.

use super::ServiceError;
use crate::routing::RoadNetwork;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const METADATA_FILE: &str = "metadata.json";

/// The road folder of one database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoadFolder {
    pub dir: PathBuf,
}

/// Identifies one prepared network: the text of its metadata (source, build date and time
/// taken), which changes with every import. Cheap to read every second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoadsVersion(String);

impl RoadFolder {
    /// The folder next to the database file `db`: `<db>.roads`.
    pub fn next_to(db: &Path) -> RoadFolder {
        let mut s = db.as_os_str().to_owned();
        s.push(".roads");
        RoadFolder {
            dir: PathBuf::from(s),
        }
    }

    pub fn exists(&self) -> bool {
        self.dir.join(METADATA_FILE).exists()
    }

    /// The version of the network now in the folder, `None` when there is none.
    pub fn version(&self) -> Option<RoadsVersion> {
        std::fs::read_to_string(self.dir.join(METADATA_FILE))
            .ok()
            .map(RoadsVersion)
    }

    /// Loads the network, with the version it was loaded from; `None` when there is none.
    pub fn load(&self) -> Result<Option<(Arc<RoadNetwork>, RoadsVersion)>, ServiceError> {
        let Some(before) = self.version() else {
            return Ok(None);
        };
        let network = RoadNetwork::load(&self.dir)?;
        // An import may have swapped the folder while we read: report what was read only when
        // the metadata did not change meanwhile, so the watcher retries otherwise.
        match self.version() {
            Some(after) if after == before => Ok(Some((Arc::new(network), before))),
            _ => Err(ServiceError::Task(format!(
                "{} changed while it was being read",
                self.dir.display()
            ))),
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
