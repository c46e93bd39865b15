//! Folding commune sources into the commune table, keyed by INSEE code.

use crate::ingest::{CommunePopulation, CommuneShape, Epci, Mairie};
use crate::model::{Commune, EpciInfo, InseeCode};
use geo::Point;
use std::collections::BTreeMap;

pub type Communes = BTreeMap<InseeCode, Commune>;

/// Sets polygons; a commune not yet known is created with the shape's name.
pub fn apply_shapes(communes: &mut Communes, shapes: Vec<CommuneShape>) {
    for s in shapes {
        let c = communes
            .entry(s.code.clone())
            .or_insert_with(|| Commune::new(s.code, s.nom));
        c.polygon = Some(s.polygon);
    }
}

/// Sets official names, parents, populations and postcodes.
pub fn apply_population(communes: &mut Communes, rows: Vec<CommunePopulation>) {
    for r in rows {
        let c = communes
            .entry(r.code.clone())
            .or_insert_with(|| Commune::new(r.code.clone(), r.nom.clone()));
        c.nom = r.nom;
        c.departement = r.departement;
        c.region = r.region;
        c.population = r.population;
        c.codes_postaux = r.codes_postaux;
    }
}

/// Sets each member commune's EPCI; returns the EPCI list to store. Members not
/// (yet) known as communes are counted in the second value.
pub fn apply_epci(communes: &mut Communes, epcis: Vec<Epci>) -> (Vec<EpciInfo>, usize) {
    let mut unknown = 0;
    let mut infos = Vec::with_capacity(epcis.len());
    for e in epcis {
        for m in &e.members {
            match communes.get_mut(m) {
                Some(c) => c.epci = Some(e.code.clone()),
                None => unknown += 1,
            }
        }
        infos.push(EpciInfo {
            code: e.code,
            nom: e.nom,
            kind: e.kind,
        });
    }
    (infos, unknown)
}

/// Records town halls; unknown communes are counted in the return value.
pub fn apply_mairies(communes: &mut Communes, mairies: Vec<Mairie>) -> usize {
    let mut unknown = 0;
    for m in mairies {
        match communes.get_mut(&m.code) {
            Some(c) => {
                c.mairie = Some(Point::new(m.lon, m.lat));
                c.mairie_adresse = Some(m.adresse).filter(|a| !a.is_empty());
            }
            None => unknown += 1,
        }
    }
    unknown
}
