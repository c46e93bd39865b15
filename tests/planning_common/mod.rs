//! A real site-suggestion instance for a département, shared by the planning tests and the
//! planning benchmark: communes with their population at their town hall, France Services
//! sites already open, and the straight-line car model.
#![allow(dead_code)]

use maillage::ingest::{read_commune_shapes, read_mairies, read_population};
use maillage::model::{Commune, InseeCode};
use maillage::planning::{build_problem, CoverProblem};
use maillage::registry::representative_point;
use maillage::routing::crowfly::{estimate, AreaDensity, AreaType, TripEnds, CAR};
use maillage::routing::Profile;
use maillage::standard::read_places;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel)
}

/// A département's communes and sites, as a covering problem for travel time ≤ T.
pub struct Instance {
    /// Communes with a point, in population-file order; also the candidates (their town halls).
    pub codes: Vec<InseeCode>,
    pub names: Vec<String>,
    pub population: Vec<f64>,
    /// `[lon, lat]`: town hall when within 1 km of the commune polygon, else a point inside it.
    pub points: Vec<[f64; 2]>,
    /// Town-hall points replaced by a point inside the polygon.
    pub mairies_replaced: usize,
    /// Fixed France Services sites of the département, `[lon, lat]` (empty when the instance
    /// is built as if none existed).
    pub existing: Vec<[f64; 2]>,
    pub minutes: f64,
    pub problem: CoverProblem,
}

/// Whether a resident at `from` reaches `to` within `minutes` by car, straight-line model.
pub fn within(minutes: f64) -> impl Fn([f64; 2], [f64; 2]) -> bool {
    move |from, to| estimate(from, to, Profile::Car, sparse()).0 <= minutes * 60.0
}

/// Loads département `dep` (e.g. `"19"`) with threshold `minutes`; `with_existing` keeps the
/// France Services sites already open (else the sites are chosen from scratch).
pub fn departement(dep: &str, minutes: f64, with_existing: bool) -> Instance {
    let pop = read_population(&data("population/communes.json")).expect("population");
    let shapes = read_commune_shapes(&data("communes/communes-france-simplifiees.geojson.gz"))
        .expect("communes");
    let mut shapes: HashMap<InseeCode, _> = shapes
        .shapes
        .into_iter()
        .filter(|s| s.code.departement() == dep)
        .map(|s| (s.code, s.polygon))
        .collect();
    let (mairies, _) = read_mairies(&data("addresses/mairies-france.csv")).expect("mairies");
    let mairies: HashMap<InseeCode, [f64; 2]> = mairies
        .into_iter()
        .filter(|m| m.code.departement() == dep)
        .map(|m| (m.code, [m.lon, m.lat]))
        .collect();
    let mut inst = Instance {
        codes: Vec::new(),
        names: Vec::new(),
        population: Vec::new(),
        points: Vec::new(),
        mairies_replaced: 0,
        existing: Vec::new(),
        minutes,
        problem: CoverProblem::default(),
    };
    for c in pop.into_iter().filter(|c| c.departement == dep) {
        let mut commune = Commune::new(c.code.clone(), c.nom.clone());
        commune.polygon = shapes.remove(&c.code);
        commune.mairie = mairies.get(&c.code).map(|&[x, y]| geo::Point::new(x, y));
        let (Some(point), source) = representative_point(&commune) else {
            continue;
        };
        inst.mairies_replaced += usize::from(source == "interior" && commune.mairie.is_some());
        inst.codes.push(c.code);
        inst.names.push(c.nom);
        inst.population.push(c.population.unwrap_or(0) as f64);
        inst.points.push([point.x(), point.y()]);
    }
    let fs = read_places(&data("places/france-services-20240801.csv"), None).expect("FS");
    inst.existing = fs
        .places()
        .filter(|p| {
            p.code_insee
                .as_ref()
                .is_some_and(|c| c.departement() == dep)
        })
        .filter(|p| !p.is_mobile() && with_existing)
        .filter_map(|p| p.lon_lat().map(|(x, y)| [x, y]))
        .collect();
    let demand: Vec<([f64; 2], f64)> = inst
        .points
        .iter()
        .zip(&inst.population)
        .map(|(&p, &w)| (p, w))
        .collect();
    inst.problem = build_problem(&demand, &inst.points, &inst.existing, within(minutes));
    inst
}

/// Both ends of a trip in the sparse class's typical area.
fn sparse() -> TripEnds {
    let row = CAR.iter().find(|r| r.area == AreaType::Sparse).unwrap();
    TripEnds::within(AreaDensity(row.density))
}
