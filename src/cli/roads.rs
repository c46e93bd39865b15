//! The road network next to the database, as commands that compute travel times need it.

use anyhow::Result;
use maillage::coverage::ModelChoice;
use maillage::routing::{RoadMetadata, RoadNetwork};
use maillage::service::RoadFolder;
use std::sync::Arc;

/// The road network next to the database for `model`; an error if `road` is asked without one.
pub fn for_model(folder: &RoadFolder, model: ModelChoice) -> Result<Option<Arc<RoadNetwork>>> {
    if model == ModelChoice::CrowFly {
        return Ok(None);
    }
    let network = folder.load().network(folder)?;
    if network.is_none() && model == ModelChoice::Road {
        anyhow::bail!(
            "--model road: no road network in {} (run `maillage import roads FILE.osm.pbf`); expected auto or crow-fly",
            folder.dir.display()
        );
    }
    Ok(network)
}

/// The network's source, date and build, as `import roads` and `stats` print them.
pub fn print(m: &RoadMetadata) {
    say!(
        "road network: {} ({} bytes)",
        m.source_file.display(),
        m.source_bytes
    );
    say!(
        "  OSM timestamp: {}",
        m.osm_timestamp.as_deref().unwrap_or("unknown")
    );
    say!(
        "  built {} in {:.1} s, CH parameters {:?}, snapping up to {} m",
        m.built_at,
        m.build_seconds,
        m.ch_params,
        m.snap_max_m
    );
    for p in &m.profiles {
        say!("  {p:?}");
    }
}
