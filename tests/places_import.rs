//! Importing the real place files into a store with all French communes.

mod common;

use common::*;
use maillage::registry::{import_places, ImportOptions, Snapshot};
use maillage::store::Store;
use std::collections::HashSet;
use std::path::Path;

fn places_files() -> Vec<std::path::PathBuf> {
    national_places_files()
}

async fn every_real_file_imports_located_and_deduplicated<S: Store>(store: &S, _dir: &Path) {
    load_france(store).await;
    let files = places_files();
    let outcome = import_places(store, &files, &ImportOptions::default())
        .await
        .unwrap();
    assert_eq!(outcome.rejected.len(), 0);
    assert_eq!(outcome.accepted, 2_845 + 4_930 + 3_811 + 687 + 792);
    let snap = Snapshot::load(store).await.unwrap();

    // France Services: every row in, each in the commune of its insee_com but a few, which are listed.
    let fs: Vec<_> = snap
        .places
        .iter()
        .filter(|p| {
            p.place
                .sources
                .iter()
                .any(|s| s.dataset == "france-services-20240801")
        })
        .collect();
    let fs_records: usize = fs
        .iter()
        .map(|p| {
            p.place
                .sources
                .iter()
                .filter(|s| s.dataset == "france-services-20240801")
                .count()
        })
        .sum();
    assert_eq!(
        fs_records, 2_845,
        "every France Services row is a source of some place"
    );
    let elsewhere: Vec<_> = fs
        .iter()
        .filter(|p| {
            let given = p.place.code_insee.as_ref().unwrap();
            p.located_in
                .as_ref()
                .is_some_and(|l| l != given && given.parent_commune().as_ref() != Some(l))
        })
        .collect();
    let nowhere: Vec<_> = fs
        .iter()
        .filter(|p| p.place.lon_lat().is_some() && p.located_in.is_none())
        .collect();
    assert!(
        (1..=60).contains(&elsewhere.len()),
        "{} France Services in a neighbouring commune",
        elsewhere.len()
    );
    assert!(
        (1..=12).contains(&nowhere.len()),
        "{} France Services in no commune",
        nowhere.len()
    );
    for p in &elsewhere {
        assert!(
            p.place
                .warnings
                .iter()
                .any(|w| w.contains("contradicts the position")),
            "{} is listed",
            p.place.id
        );
    }
    for p in &nowhere {
        assert!(
            p.place
                .warnings
                .iter()
                .any(|w| w.contains("no known commune")),
            "{} is listed",
            p.place.id
        );
    }

    // The same place from several sources is one place; never two records of one source.
    let merged = snap
        .places
        .iter()
        .filter(|p| p.place.sources.len() > 1)
        .count();
    assert!(merged > 500, "{merged} merged places");
    for p in &snap.places {
        let datasets: HashSet<_> = p.place.sources.iter().map(|s| &s.dataset).collect();
        assert_eq!(
            datasets.len(),
            p.place.sources.len(),
            "{} merges two records of one source",
            p.place.id
        );
    }
    // A France Services site also listed by the Conseillers numériques carries both labels.
    assert!(snap.places.iter().any(|p| {
        let d = &p.place.dispositif_programmes_nationaux;
        d.iter().any(|x| x.label() == "France Services")
            && d.iter().any(|x| x.label() == "Conseillers numériques")
    }));
    // The Vouziers bus and the Vouziers France Services share an address: never merged.
    let vouziers: Vec<_> = fs
        .iter()
        .filter(|p| p.place.nom.to_lowercase().contains("vouziers"))
        .collect();
    assert!(
        vouziers.iter().any(|p| p.place.is_mobile())
            && vouziers.iter().any(|p| !p.place.is_mobile()),
        "{:?}",
        vouziers.iter().map(|p| &p.place.nom).collect::<Vec<_>>()
    );
    // Ids are unique.
    let ids: HashSet<_> = snap.places.iter().map(|p| &p.place.id).collect();
    assert_eq!(ids.len(), snap.places.len());

    // Re-importing the same files changes nothing.
    let before = store.places().await.unwrap();
    import_places(store, &files[..2], &ImportOptions::default())
        .await
        .unwrap();
    assert_eq!(store.places().await.unwrap(), before);
}

async fn a_bad_row_aborts_the_import_unless_skipped_with_a_report<S: Store>(store: &S, dir: &Path) {
    load_aura_communes(store).await;
    import_places(
        store,
        &[geodata("hinaura-lieux.json.gz")],
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    let before = store.places().await.unwrap();
    assert_eq!(before.len(), 687);

    // The valid example with a second row whose latitude is not a number.
    let example = std::fs::read_to_string(shared("standard/exemple-valide-v1.0.2.csv")).unwrap();
    let mut lines = example.lines();
    let header = lines.next().unwrap();
    let row = lines.next().unwrap();
    let bad_row = row
        .replacen("\"structure-1\"", "\"structure-2\"", 1)
        .replacen("\"43.52609\"", "\"quarante-trois\"", 1);
    let bad = dir.join("2024-04-02_test_lieux-de-mediation-numerique_aura.csv");
    std::fs::write(&bad, format!("{header}\n{row}\n{bad_row}\n")).unwrap();

    let err = import_places(store, std::slice::from_ref(&bad), &ImportOptions::default())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(":3:") && err.contains("latitude") && err.contains("quarante-trois"),
        "{err}"
    );
    assert_eq!(store.places().await.unwrap(), before, "nothing written");

    let report = dir.join("rejected.csv");
    let opts = ImportOptions {
        skip_invalid: true,
        report: Some(report.clone()),
        ..ImportOptions::default()
    };
    let outcome = import_places(store, &[bad], &opts).await.unwrap();
    assert_eq!((outcome.accepted, outcome.rejected.len()), (1, 1));
    let after = store.places().await.unwrap();
    assert_eq!(after.len(), 688);
    assert!(after.iter().any(|p| p.place.id == "structure-1"));
    let text = std::fs::read_to_string(report).unwrap();
    assert!(
        text.starts_with("file,line,field,value,expected")
            && text.contains(",3,latitude,quarante-trois,"),
        "{text}"
    );
}

async fn the_valid_example_round_trips_through_the_store<S: Store>(store: &S, _dir: &Path) {
    let example = shared("standard/exemple-valide-v1.0.2.csv");
    import_places(
        store,
        std::slice::from_ref(&example),
        &ImportOptions::default(),
    )
    .await
    .unwrap();
    let snap = Snapshot::load(store).await.unwrap();
    let places: Vec<_> = snap.places.iter().map(|p| p.place.clone()).collect();
    let mut out = Vec::new();
    maillage::standard::write_csv(&places, &mut out).unwrap();
    let written = String::from_utf8(out).unwrap();
    let original = std::fs::read_to_string(example).unwrap();
    let rows = |s: &str| s.lines().skip(1).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(rows(&written), rows(&original));
}

on_both_stores!(
    every_real_file_imports_located_and_deduplicated,
    a_bad_row_aborts_the_import_unless_skipped_with_a_report,
    the_valid_example_round_trips_through_the_store,
);
