//! An immutable, indexed copy of the registry that the API and the CLI query: places by
//! id, position and filters; communes by code, département and name.

use super::search::fold;
use crate::model::{Commune, EpciInfo, Frais, InseeCode, Itinerance, Service};
use crate::spatial::data_extent::DataExtent;
use crate::spatial::{PlaceIndex, PlaceNeighbour};
use crate::store::{Store, StoreError, StoredPlace};
use std::collections::HashMap;

/// Filters on places, all optional; a place must pass every one that is set.
#[derive(Debug, Clone, Default)]
pub struct PlaceFilter {
    /// west, south, east, north
    pub bbox: Option<[f64; 4]>,
    pub commune: Option<InseeCode>,
    pub departement: Option<String>,
    /// Every listed service must be offered.
    pub services: Vec<Service>,
    pub itinerance: Option<Itinerance>,
    /// Any of these.
    pub frais: Vec<Frais>,
}

/// The registry in memory.
pub struct Snapshot {
    pub places: Vec<StoredPlace>,
    by_id: HashMap<String, usize>,
    index: PlaceIndex,
    pub communes: Vec<Commune>,
    by_code: HashMap<InseeCode, usize>,
    folded_names: Vec<String>,
    pub epci: HashMap<String, EpciInfo>,
    /// Where the communes and places lie, to tell a point far from every datum.
    pub extent: DataExtent,
}

impl Snapshot {
    /// Loads everything from the store and builds the indexes.
    pub async fn load<S: Store>(store: &S) -> Result<Snapshot, StoreError> {
        let places = store.places().await?;
        let communes = store.communes().await?;
        let epci = store.epci().await?;
        Ok(Snapshot::new(places, communes, epci))
    }

    pub fn new(places: Vec<StoredPlace>, communes: Vec<Commune>, epci: Vec<EpciInfo>) -> Snapshot {
        let positions: Vec<_> = places.iter().map(|p| p.place.lon_lat()).collect();
        let extent = DataExtent::new(
            positions
                .iter()
                .flatten()
                .map(|&(lon, lat)| [lon, lat])
                .chain(
                    communes
                        .iter()
                        .filter_map(|c| c.point)
                        .map(|p| [p.x(), p.y()]),
                ),
        );
        Snapshot {
            extent,
            by_id: places
                .iter()
                .enumerate()
                .map(|(i, p)| (p.place.id.clone(), i))
                .collect(),
            index: PlaceIndex::new(&positions),
            places,
            by_code: communes
                .iter()
                .enumerate()
                .map(|(i, c)| (c.code.clone(), i))
                .collect(),
            folded_names: communes.iter().map(|c| fold(&c.nom)).collect(),
            communes,
            epci: epci.into_iter().map(|e| (e.code.clone(), e)).collect(),
        }
    }

    pub fn place(&self, id: &str) -> Option<&StoredPlace> {
        self.by_id.get(id).map(|&i| &self.places[i])
    }

    pub fn commune(&self, code: &InseeCode) -> Option<&Commune> {
        self.by_code.get(code).map(|&i| &self.communes[i])
    }

    /// The commune a place counts in: where its point lies, else its published code.
    pub fn place_commune<'a>(&self, p: &'a StoredPlace) -> Option<&'a InseeCode> {
        p.located_in.as_ref().or(p.place.code_insee.as_ref())
    }

    fn departement_of(&self, p: &StoredPlace) -> Option<String> {
        let code = self.place_commune(p)?;
        Some(
            self.commune(code)
                .map(|c| c.departement.clone())
                .unwrap_or_else(|| code.departement().to_string()),
        )
    }

    /// Whether a place passes a filter.
    pub fn matches(&self, i: usize, f: &PlaceFilter) -> bool {
        let sp = &self.places[i];
        let p = &sp.place;
        if let Some([w, s, e, n]) = f.bbox {
            match p.lon_lat() {
                Some((lon, lat)) if lon >= w && lon <= e && lat >= s && lat <= n => {}
                _ => return false,
            }
        }
        if let Some(c) = &f.commune {
            if self.place_commune(sp) != Some(c) {
                return false;
            }
        }
        if let Some(d) = &f.departement {
            if self.departement_of(sp).as_deref() != Some(d.as_str()) {
                return false;
            }
        }
        if !f.services.iter().all(|s| p.services.contains(s)) {
            return false;
        }
        let passes_itinerance = match &f.itinerance {
            None => true,
            Some(Itinerance::Fixe) => p.is_fixed(),
            Some(Itinerance::Itinerant) => p.is_mobile(),
            Some(other) => p.itinerance.contains(other),
        };
        if !passes_itinerance {
            return false;
        }
        f.frais.is_empty() || f.frais.iter().any(|fr| p.frais_a_charge.contains(fr))
    }

    /// Places passing the filter, in registry order (a scan: ~10 µs for the national set).
    pub fn filter(&self, f: &PlaceFilter) -> Vec<usize> {
        (0..self.places.len())
            .filter(|&i| self.matches(i, f))
            .collect()
    }

    /// The `limit` places nearest a point that pass the filter.
    pub fn nearest(
        &self,
        lon: f64,
        lat: f64,
        limit: usize,
        f: &PlaceFilter,
    ) -> Vec<PlaceNeighbour> {
        self.index
            .nearest(lon, lat, limit, None, |i| self.matches(i, f))
    }

    /// Communes of a département (all when `None`), by code.
    pub fn communes_in(&self, departement: Option<&str>) -> Vec<&Commune> {
        self.communes
            .iter()
            .filter(|c| departement.is_none_or(|d| c.departement == d))
            .collect()
    }

    /// Communes whose name starts with the query (folded) or whose postcode starts with it;
    /// exact names first, then by population.
    pub fn search_communes(&self, query: &str, limit: usize) -> Vec<&Commune> {
        let q = query.trim();
        let mut hits: Vec<(bool, u64, usize)> =
            if !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit()) {
                self.communes
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.codes_postaux.iter().any(|cp| cp.starts_with(q)))
                    .map(|(i, c)| (false, c.population.unwrap_or(0), i))
                    .collect()
            } else {
                let fq = fold(q);
                if fq.is_empty() {
                    return Vec::new();
                }
                self.folded_names
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| n.starts_with(&fq))
                    .map(|(i, n)| (*n == fq, self.communes[i].population.unwrap_or(0), i))
                    .collect()
            };
        hits.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        hits.into_iter()
            .take(limit)
            .map(|(_, _, i)| &self.communes[i])
            .collect()
    }
}
