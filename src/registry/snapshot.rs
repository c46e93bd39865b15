//! An immutable, indexed copy of the registry that the API and the CLI query: places by
//! id, position and filters; communes by code, département and name.

use super::place_flags::{Facts, PlaceFlags};
use super::place_hours::{OpenMemo, PlaceHours};
use super::search::fold;
use super::search_index::SearchIndex;
use crate::addresses::AddressIndex;
use crate::model::{
    Commune, EpciInfo, Frais, InseeCode, Itinerance, PriseEnCharge, Public, Service,
};
use crate::spatial::data_extent::DataExtent;
use crate::spatial::geodesy::haversine_m;
use crate::spatial::{PlaceGrid, PlaceNeighbour};
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
    /// Each group must be met by one of its audiences (`familles` → "Familles et/ou enfants").
    pub publics: Vec<Vec<Public>>,
    /// Each group must be met by one of its kinds of support (`langues-etrangeres` → English
    /// or other languages).
    pub accompagnements: Vec<Vec<PriseEnCharge>>,
    /// Free of charge (`Gratuit`).
    pub gratuit: bool,
    /// Walk in without an appointment (`Se présenter`).
    pub sans_rdv: bool,
    /// Accessibility information: an accessibility sheet link, or support for motor disabilities.
    pub accessible: bool,
    pub france_services: bool,
    /// Open at this instant (French public holidays apply); places without readable hours fail.
    pub open_at: Option<chrono::DateTime<chrono_tz::Tz>>,
}

/// Whether a place says anything of its accessibility: a link to its accessibility sheet
/// (`fiche_acces_libre`, Acceslibre) or support for people with motor disabilities.
pub fn has_accessibility_info(p: &crate::model::Place) -> bool {
    p.fiche_acces_libre
        .as_deref()
        .is_some_and(|s| !s.trim().is_empty())
        || p.prise_en_charge_specifique
            .contains(&PriseEnCharge::HandicapsMoteurs)
}

/// The registry in memory.
pub struct Snapshot {
    pub places: Vec<StoredPlace>,
    by_id: HashMap<String, usize>,
    /// Places by grid cell, for the nearest places passing a filter.
    grid: PlaceGrid,
    pub communes: Vec<Commune>,
    by_code: HashMap<InseeCode, usize>,
    folded_names: Vec<String>,
    pub epci: HashMap<String, EpciInfo>,
    /// The places' opening hours, parsed.
    pub hours: PlaceHours,
    /// The yes/no facts filters ask of each place.
    flags: PlaceFlags,
    /// Folded names of communes and places for the residents' search box.
    pub search: SearchIndex,
    /// Postal addresses for the search box, when an address file was imported.
    pub addresses: Option<AddressIndex>,
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
        let hours = PlaceHours::new(&places);
        Snapshot {
            extent,
            flags: PlaceFlags::new(&places, &hours),
            hours,
            search: SearchIndex::new(&communes, &places),
            addresses: None,
            by_id: places
                .iter()
                .enumerate()
                .map(|(i, p)| (p.place.id.clone(), i))
                .collect(),
            grid: PlaceGrid::new(&positions),
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

    /// The snapshot with these addresses searchable (none: no address search).
    pub fn with_addresses(mut self, addresses: &[crate::addresses::Address]) -> Snapshot {
        self.addresses = (!addresses.is_empty()).then(|| AddressIndex::new(addresses));
        self
    }

    /// The position of a place in [`Snapshot::places`], by id.
    pub fn place_index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
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
        self.check(f)(i)
    }

    /// The test of one request's filter, place by place: the facts it needs looked up once,
    /// "open at" kept per distinct hours.
    fn check<'a>(&'a self, f: &'a PlaceFilter) -> impl FnMut(usize) -> bool + 'a {
        let needed = Facts::required_by(f);
        let mut open = f.open_at.map(|at| self.hours.open_memo(at));
        move |i| self.flags.has(i, needed) && self.passes_lists(i, f, open.as_mut())
    }

    /// Whether a place passes what a filter asks beyond its [`Facts`]: position, commune,
    /// lists of the standard, "open at" read from a memo of the request.
    fn passes_lists(
        &self,
        i: usize,
        f: &PlaceFilter,
        open: Option<&mut OpenMemo<chrono_tz::Tz>>,
    ) -> bool {
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
        // Fixed and mobile are facts; another value is looked up.
        if let Some(other @ Itinerance::Other(_)) = &f.itinerance {
            if !p.itinerance.contains(other) {
                return false;
            }
        }
        if !(f.frais.is_empty() || f.frais.iter().any(|fr| p.frais_a_charge.contains(fr))) {
            return false;
        }
        let meets = |groups: &[Vec<Public>]| {
            groups.iter().all(|g| {
                g.iter()
                    .any(|x| p.publics_specifiquement_adresses.contains(x))
            })
        };
        if !meets(&f.publics) {
            return false;
        }
        if !f
            .accompagnements
            .iter()
            .all(|g| g.iter().any(|x| p.prise_en_charge_specifique.contains(x)))
        {
            return false;
        }
        match open {
            Some(memo) => memo.is_open(i),
            None => true,
        }
    }

    /// Places passing the filter, in registry order (a scan: ~10 µs for the national set).
    pub fn filter(&self, f: &PlaceFilter) -> Vec<usize> {
        let mut passes = self.check(f);
        (0..self.places.len()).filter(|&i| passes(i)).collect()
    }

    /// The `limit` places nearest a point that pass the filter, closest first; places at the
    /// same distance (sharing a position) in registry order.
    pub fn nearest(
        &self,
        lon: f64,
        lat: f64,
        limit: usize,
        f: &PlaceFilter,
    ) -> Vec<PlaceNeighbour> {
        self.grid.nearest_passing(lon, lat, limit, self.check(f))
    }

    /// Of candidate places, closest first (as a spatial database orders them), the first
    /// `limit` that pass the filter, with their great-circle distance: what [`Self::nearest`]
    /// answers when another index chose the candidates.
    pub fn nearest_among(
        &self,
        lon: f64,
        lat: f64,
        candidates: &[usize],
        limit: usize,
        f: &PlaceFilter,
    ) -> Vec<PlaceNeighbour> {
        let mut passes = self.check(f);
        candidates
            .iter()
            .copied()
            .filter(|&i| passes(i))
            .filter_map(|i| {
                let (plon, plat) = self.places[i].place.lon_lat()?;
                Some(PlaceNeighbour {
                    index: i,
                    distance_m: haversine_m([lon, lat], [plon, plat]),
                })
            })
            .take(limit)
            .collect()
    }

    /// Of candidate places (in any order), those passing the filter, in registry order: what
    /// [`Self::filter`] answers when another index chose the candidates.
    pub fn filter_among(&self, mut candidates: Vec<usize>, f: &PlaceFilter) -> Vec<usize> {
        candidates.sort_unstable();
        candidates.dedup();
        let mut passes = self.check(f);
        candidates.into_iter().filter(|&i| passes(i)).collect()
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
