//! The national floating-catchment instance, shared by the catchment tests and bench
//! (`benches/catchment.rs` includes this file): metropolitan communes, each at its town hall as
//! published (communes without a town-hall point are left out), and the metropolitan France
//! Services sites of 2024-08-01.
#![allow(dead_code)]

use maillage::ingest::{read_mairies, read_population};
use maillage::standard::read_places;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel)
}

/// Demand points (communes) and supply points (France Services sites), `(lon, lat)`.
pub struct Instance {
    pub communes: Vec<String>,
    pub population: Vec<f64>,
    pub commune_points: Vec<Option<(f64, f64)>>,
    pub sites: Vec<String>,
    pub site_points: Vec<Option<(f64, f64)>>,
    /// Metropolitan communes dropped for want of a town-hall point.
    pub communes_without_point: usize,
}

/// Overseas départements (971–976) and collectivities (97x, 98x) are not metropolitan.
fn metropolitan(departement: &str) -> bool {
    !(departement.starts_with("97") || departement.starts_with("98"))
}

pub fn metropolitan_instance() -> Instance {
    let population = read_population(&data("population/communes.json")).expect("populations");
    let (mairies, _) = read_mairies(&data("addresses/mairies-france.csv")).expect("town halls");
    let points: HashMap<&str, (f64, f64)> = mairies
        .iter()
        .map(|m| (m.code.as_str(), (m.lon, m.lat)))
        .collect();
    let mut inst = Instance {
        communes: Vec::new(),
        population: Vec::new(),
        commune_points: Vec::new(),
        sites: Vec::new(),
        site_points: Vec::new(),
        communes_without_point: 0,
    };
    for c in population.iter().filter(|c| metropolitan(&c.departement)) {
        let Some(&point) = points.get(c.code.as_str()) else {
            inst.communes_without_point += 1;
            continue;
        };
        inst.communes.push(c.code.as_str().to_string());
        inst.population.push(c.population.unwrap_or(0) as f64);
        inst.commune_points.push(Some(point));
    }
    let parsed = read_places(&data("places/france-services-20240801.csv"), None).expect("FS");
    for row in parsed.rows.iter().flatten() {
        let p = &row.place;
        let (Some(code), Some(lat), Some(lon)) = (&p.code_insee, p.latitude, p.longitude) else {
            continue;
        };
        if metropolitan(code.departement()) {
            inst.sites.push(p.id.clone());
            inst.site_points.push(Some((lon, lat)));
        }
    }
    inst
}
