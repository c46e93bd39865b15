//! The road network next to the database, as commands that compute travel times need it.

use anyhow::Result;
use maillage::coverage::ModelChoice;
use maillage::routing::speeds::CarSpeedTable;
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
    print_car_speeds(m.car_speeds.as_ref());
}

/// The car speed table the network was built with, a few lines.
fn print_car_speeds(table: Option<&CarSpeedTable>) {
    let Some(t) = table else {
        say!("  car speeds: not recorded (imported by an older version; re-import the extract to time it with the calibrated speeds)");
        return;
    };
    let classes: Vec<String> = t
        .classes
        .iter()
        .map(|c| match c.ceiling_kmh {
            Some(top) => format!("{} {} (≤ {top})", c.highway, c.default_kmh),
            None => format!("{} {}", c.highway, c.default_kmh),
        })
        .collect();
    say!(
        "  car speeds, km/h when maxspeed is not tagged: {}",
        classes.join(", ")
    );
    say!(
        "  a tagged maxspeed counts × {}, never above a class's ceiling (≤); minor services ({}) × {}; ways open only to reach a place on them ({}) × {}",
        t.maxspeed_factor,
        t.minor_services.join(", "),
        t.minor_service_factor,
        t.destination_access.join(", "),
        t.destination_factor
    );
    let surfaces: Vec<String> = t
        .surface_caps_kmh
        .iter()
        .map(|(s, k)| format!("{s} {k}"))
        .collect();
    say!("  surface caps, km/h: {}", surfaces.join(", "));
    say!("  closed to cars: access {}", t.closed_access.join(", "));
}
