//! Communes and the territory they form.

use super::InseeCode;
use geo::{MultiPolygon, Point};
use serde::{Deserialize, Serialize};

/// A commune: identity, population, administrative parents, shape and representative point.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Commune {
    pub code: InseeCode,
    pub nom: String,
    pub departement: String,
    pub region: Option<String>,
    /// SIREN of the EPCI (intercommunalité) the commune belongs to.
    pub epci: Option<String>,
    /// Population municipale (INSEE, populations légales).
    pub population: Option<u64>,
    pub codes_postaux: Vec<String>,
    /// WGS84 polygon; `None` for communes created after the polygon file.
    #[serde(skip)]
    pub polygon: Option<MultiPolygon<f64>>,
    /// Town hall when it lies inside the polygon, else a point inside the polygon.
    pub point: Option<Point<f64>>,
    /// Where `point` comes from: `mairie`, `interior` or `none`.
    pub point_source: String,
}

/// The set of communes loaded, with names of départements, régions and EPCI.
#[derive(Debug, Clone, Default)]
pub struct Territory {
    pub communes: Vec<Commune>,
}
