//! Communes and the territory they form.

use super::InseeCode;
use geo::{MultiPolygon, Point};
use serde::{Deserialize, Serialize};

/// A commune: identity, population, administrative parents, shape and representative point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The town hall as published (may be wrong: checked against the polygon).
    pub mairie: Option<Point<f64>>,
    pub mairie_adresse: Option<String>,
    /// Town hall when it lies inside the polygon, else a point inside the polygon.
    pub point: Option<Point<f64>>,
    /// Where `point` comes from: `mairie`, `interior` or `none`.
    pub point_source: String,
    /// Indice de fragilité numérique, 1–10 (10 = most fragile), when imported.
    #[serde(default)]
    pub ifn: Option<f64>,
}

impl Commune {
    /// A commune known only by its code and name, before population or polygon are imported.
    pub fn new(code: InseeCode, nom: String) -> Self {
        Commune {
            departement: code.departement().to_string(),
            code,
            nom,
            region: None,
            epci: None,
            population: None,
            codes_postaux: Vec::new(),
            polygon: None,
            mairie: None,
            mairie_adresse: None,
            point: None,
            point_source: "none".into(),
            ifn: None,
        }
    }
}

/// An intercommunalité (SIREN code, name, kind).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EpciInfo {
    pub code: String,
    pub nom: String,
    pub kind: String,
}
