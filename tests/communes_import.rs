//! Importing the communes of all France from the real files.

mod common;

use common::*;
use geo::Contains;
use maillage::model::InseeCode;
use maillage::registry::{import_communes, CommuneSource, Snapshot};
use maillage::store::Store;
use std::path::Path;

async fn all_france_communes_with_population_epci_and_checked_town_halls<S: Store>(
    store: &S,
    _dir: &Path,
) {
    load_france(store).await;
    let snap = Snapshot::load(store).await.unwrap();
    let code = |c: &str| InseeCode::parse(c).unwrap();

    // COG 2026 population file: every current commune; a few have no polygon (created after it).
    assert!(snap.communes.len() >= 34_800, "{}", snap.communes.len());
    let with_polygon = snap.communes.iter().filter(|c| c.polygon.is_some()).count();
    assert!(
        with_polygon >= 34_800 && with_polygon < snap.communes.len() + 1,
        "{with_polygon}"
    );
    let without_polygon: Vec<_> = snap
        .communes
        .iter()
        .filter(|c| c.polygon.is_none())
        .collect();
    // Communes created in 2026 (population, no polygon) and the TAAF (neither).
    assert!(without_polygon.len() < 200, "{}", without_polygon.len());
    assert!(without_polygon
        .iter()
        .any(|c| c.population.unwrap_or(0) > 0 && c.region.is_some()));
    let total: u64 = snap.communes.iter().filter_map(|c| c.population).sum();
    assert!((60_000_000..70_000_000).contains(&total), "{total}");

    // Town halls with swapped or sign-lost coordinates are replaced by a point inside the polygon.
    let vincey = snap.commune(&code("88513")).unwrap();
    assert_eq!(vincey.point_source, "interior");
    assert!(vincey
        .polygon
        .as_ref()
        .unwrap()
        .contains(&vincey.point.unwrap()));
    let lissac = snap.commune(&code("19117")).unwrap();
    assert_eq!(lissac.point_source, "interior");
    let outside = snap
        .communes
        .iter()
        .filter(|c| c.mairie.is_some() && c.point_source == "interior")
        .count();
    assert!(
        (1_000..2_000).contains(&outside),
        "{outside} town halls rejected"
    );
    // A good town hall is kept: Tulle.
    let tulle = snap.commune(&code("19272")).unwrap();
    assert_eq!(tulle.point_source, "mairie");
    assert_eq!(tulle.epci.as_deref(), Some("241927201"));
    assert_eq!(tulle.departement, "19");
    assert_eq!(tulle.region.as_deref(), Some("75"));
    // Every commune with a polygon has a representative point inside or near it.
    assert!(snap
        .communes
        .iter()
        .filter(|c| c.polygon.is_some())
        .all(|c| c.point.is_some()));
}

async fn reimporting_changes_nothing_and_a_bad_file_writes_nothing<S: Store>(
    store: &S,
    dir: &Path,
) {
    load_aura_communes(store).await;
    let before = store.communes().await.unwrap();
    let again = import_communes(
        store,
        CommuneSource::Population,
        &[geodata("communes-84.csv")],
    )
    .await
    .unwrap();
    assert!(
        again
            .notes
            .iter()
            .any(|n| n.starts_with("0 communes changed")),
        "{:?}",
        again.notes
    );
    assert_eq!(store.communes().await.unwrap(), before);

    // A population CSV whose 4th line has a non-numeric population: error names file, line, field.
    let bad = dir.join("bad-population.csv");
    std::fs::write(
        &bad,
        "code,nom,type,departement,region,population,codes_postaux,siren,zone\n\
         01001,A,commune-actuelle,01,84,1,01400,1,metro\n\
         01002,B,commune-actuelle,01,84,2,01640,1,metro\n\
         01004,C,commune-actuelle,01,84,beaucoup,01500,1,metro\n",
    )
    .unwrap();
    let err = import_communes(store, CommuneSource::Population, std::slice::from_ref(&bad))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("bad-population.csv:4")
            && err.contains("population")
            && err.contains("beaucoup"),
        "{err}"
    );
    assert_eq!(store.communes().await.unwrap(), before, "nothing written");
}

on_both_stores!(
    all_france_communes_with_population_epci_and_checked_town_halls,
    reimporting_changes_nothing_and_a_bad_file_writes_nothing,
);
