//! `maillage stats`: counts by kind, département and source, and the road network.

use super::roads;
use anyhow::Result;
use maillage::registry::Snapshot;
use maillage::service::RoadFolder;
use maillage::store::SqliteStore;
use std::collections::BTreeMap;
use std::path::Path;

pub async fn run(store: &SqliteStore, db: &Path) -> Result<()> {
    print_counts(store).await?;
    let folder = RoadFolder::next_to(db);
    match folder.load().network(&folder)? {
        Some(network) => roads::print(network.metadata()),
        None => say!("road network: none (travel times use the crow-fly model)"),
    }
    Ok(())
}

async fn print_counts(store: &SqliteStore) -> Result<()> {
    let snap = Snapshot::load(store).await?;
    let mut lines: Vec<String> = Vec::new();
    let population: u64 = snap.communes.iter().filter_map(|c| c.population).sum();
    lines.push(format!(
        "communes: {} (population {population}, {} with polygon)",
        snap.communes.len(),
        snap.communes.iter().filter(|c| c.polygon.is_some()).count()
    ));
    lines.push(format!("places: {}", snap.places.len()));
    let (mobile, _) = maillage::mobile::stored::load(store).await?;
    lines.push(format!(
        "mobile units: {} ({} stops, {} visit schedules)",
        mobile.units.len(),
        mobile.stops.len(),
        mobile.schedules.len()
    ));
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut deps: BTreeMap<String, usize> = BTreeMap::new();
    let mut sources: BTreeMap<String, usize> = BTreeMap::new();
    for sp in &snap.places {
        let p = &sp.place;
        // Independent facts: a place both fixed and itinerant counts in both.
        if p.is_fixed() {
            *kinds.entry("fixe".into()).or_default() += 1;
        }
        if p.is_mobile() {
            *kinds.entry("itinérant".into()).or_default() += 1;
        }
        if p.is_france_services() {
            *kinds.entry("France Services".into()).or_default() += 1;
        }
        for t in &p.typologie {
            *kinds.entry(format!("typologie {t}")).or_default() += 1;
        }
        let dep = snap.place_commune(sp).map(|c| {
            snap.commune(c)
                .map_or_else(|| c.departement().to_string(), |c| c.departement.clone())
        });
        *deps
            .entry(dep.unwrap_or_else(|| "(unknown)".into()))
            .or_default() += 1;
        for s in &p.sources {
            *sources.entry(s.dataset.clone()).or_default() += 1;
        }
    }
    for (title, map) in [
        ("by kind", &kinds),
        ("by département", &deps),
        ("by source", &sources),
    ] {
        lines.push(format!("{title}:"));
        for (k, v) in map {
            lines.push(format!("  {k}: {v}"));
        }
    }
    // A closed pipe (`maillage stats | head`) is not an error worth a panic.
    let _ = std::io::Write::write_all(
        &mut std::io::stdout().lock(),
        (lines.join("\n") + "\n").as_bytes(),
    );
    Ok(())
}
