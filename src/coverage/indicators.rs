//! One row of indicators per commune: counts and density by kind, nearest place of each kind,
//! population within T minutes, floating catchment scores, share owed to mobile units,
//! the same without stale records, gaps.

use super::catchment::{self, CatchmentError, CatchmentParams, Reach};
use super::params::{CoverageParams, FRANCE_SERVICES_MINUTES};
use super::sites::{Kinds, Site};
use super::travel::{
    crow_reach_m, kind_index, Closures, CommuneTravel, ModelChoice, Travel, Trip, FASTEST_MS,
};
use crate::model::Commune;
use crate::registry::Snapshot;
use crate::routing::closure::ClosedRoads;
use crate::routing::{ModelKind, RoadNetwork, RoutingError};
use crate::spatial::PlaceIndex;
use serde::Serialize;
use std::collections::HashMap;

/// Why indicators could not be computed. Never a malformed parameter (requests are checked
/// before, see [`super::request`]): a selection that names no commune, or a fault in the data
/// or the road graph.
#[derive(Debug, thiserror::Error)]
pub enum CoverageError {
    /// The selection is well formed but no commune of the registry is in it.
    #[error("no commune in {what}")]
    EmptySelection { what: String },
    #[error(transparent)]
    Routing(#[from] RoutingError),
    #[error(transparent)]
    Catchment(#[from] CatchmentError),
}

/// Time and distance to the nearest place of a kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Nearest {
    pub place: String,
    pub minutes: f64,
    pub km: f64,
}

/// A commune's indicators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommuneCoverage {
    pub code: String,
    pub nom: String,
    pub departement: String,
    pub region: Option<String>,
    pub epci: Option<String>,
    pub population: u64,
    /// Area of the commune's polygon, km² (`None` without a polygon).
    pub area_km2: Option<f64>,
    /// Which model gave the times; `None` when the commune has no point.
    pub model: Option<ModelKind>,
    pub counts: PlaceCounts,
    pub nearest: Option<Nearest>,
    pub france_services: Option<Nearest>,
    pub free: Option<Nearest>,
    pub saturday: Option<Nearest>,
    /// Nearest place whose record is less than a year old.
    pub nearest_fresh: Option<Nearest>,
    /// (T, whether a place is within T minutes), for each T asked.
    pub within: Vec<(u32, bool)>,
    /// (T, whether a France Services is within T minutes), for each T asked.
    pub within_france_services: Vec<(u32, bool)>,
    pub within_30_france_services: bool,
    /// Within the gap threshold counting fresh records only.
    pub within_gap_fresh: bool,
    pub sfca2: f64,
    pub e2sfca: f64,
    pub gravity: f64,
    /// E2SFCA counting fresh records only.
    pub e2sfca_fresh: f64,
    /// Share of the E2SFCA score owed to mobile units; `None` when the score is 0.
    pub mobile_share: Option<f64>,
    /// No place can be reached at all (an island without a bridge and without a place).
    pub unreachable: bool,
    pub gap: bool,
    pub gap_score: f64,
    pub ifn: Option<f64>,
}

/// Places counted in a commune, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct PlaceCounts {
    pub all: u32,
    pub fixed: u32,
    pub itinerant: u32,
    pub france_services: u32,
    pub conseillers_numeriques: u32,
    pub free: u32,
    pub saturday: u32,
    pub stale: u32,
}

/// The result of a coverage computation.
#[derive(Debug, Clone)]
pub struct Coverage {
    pub params: CoverageParams,
    /// `road` when a road graph gave any commune's times, else `crow-fly`.
    pub model: ModelKind,
    pub communes: Vec<CommuneCoverage>,
    /// Places taken into account, and how many of them are stale.
    pub sites_total: usize,
    pub sites_stale: usize,
}

impl CommuneCoverage {
    pub fn places_per_10k(&self) -> Option<f64> {
        (self.population > 0)
            .then(|| f64::from(self.counts.all) * 10_000.0 / self.population as f64)
    }

    pub fn places_per_100km2(&self) -> Option<f64> {
        self.area_km2
            .filter(|a| *a > 0.0)
            .map(|a| f64::from(self.counts.all) * 100.0 / a)
    }

    pub fn within_minutes(&self, t: u32) -> Option<bool> {
        self.within.iter().find(|(m, _)| *m == t).map(|(_, w)| *w)
    }
}

/// The communes whose demand weighs on places reachable from the selection: the selection
/// plus every commune that shares a reachable place with it (so catchment ratios near a
/// border see the demand from both sides).
fn demand_communes(
    communes: &[Commune],
    sites: &[Site],
    selection: &[usize],
    reach_m: f64,
) -> Vec<usize> {
    if selection.len() == communes.len() {
        return selection.to_vec();
    }
    let site_index = PlaceIndex::new(
        &sites
            .iter()
            .map(|s| s.point.map(|[x, y]| (x, y)))
            .collect::<Vec<_>>(),
    );
    let commune_index = PlaceIndex::new(
        &communes
            .iter()
            .map(|c| c.point.map(|p| (p.x(), p.y())))
            .collect::<Vec<_>>(),
    );
    let mut chosen = vec![false; communes.len()];
    let mut site_seen = vec![false; sites.len()];
    for &i in selection {
        chosen[i] = true;
        let Some(p) = communes[i].point else { continue };
        for n in site_index.within(p.x(), p.y(), reach_m) {
            if std::mem::replace(&mut site_seen[n.index], true) {
                continue;
            }
            if let Some([x, y]) = sites[n.index].point {
                for c in commune_index.within(x, y, reach_m) {
                    chosen[c.index] = true;
                }
            }
        }
    }
    let mut out = selection.to_vec();
    let in_selection: std::collections::HashSet<usize> = selection.iter().copied().collect();
    out.extend((0..communes.len()).filter(|i| chosen[*i] && !in_selection.contains(i)));
    out
}

/// A kind of place and the index of the sites of that kind.
struct Kind {
    keep: fn(&Site) -> bool,
    index: PlaceIndex,
}

impl Kind {
    fn new(sites: &[Site], keep: fn(&Site) -> bool) -> Kind {
        Kind {
            keep,
            index: kind_index(sites, keep),
        }
    }
}

fn nearest_of(
    travel: &Travel,
    k: usize,
    communes: &[Commune],
    sites: &[Site],
    kind: &Kind,
) -> Option<Nearest> {
    travel
        .nearest(k, communes, sites, kind.keep, &kind.index)
        .map(|t: Trip| Nearest {
            place: sites[t.site as usize].id.clone(),
            minutes: round2(t.time().minutes()),
            km: round2(t.distance().km()),
        })
}

fn area_km2(c: &Commune) -> Option<f64> {
    use geo::ChamberlainDuquetteArea;
    c.polygon
        .as_ref()
        .map(|p| round2(p.chamberlain_duquette_unsigned_area() / 1e6))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Place counts per commune code.
fn counts_by_commune(sites: &[Site]) -> HashMap<String, PlaceCounts> {
    let mut out: HashMap<String, PlaceCounts> = HashMap::new();
    for s in sites {
        let Some(code) = &s.commune else { continue };
        let c = out.entry(code.as_str().to_string()).or_default();
        c.all += 1;
        let k = s.kinds;
        if k.has(Kinds::FIXED) {
            c.fixed += 1;
        }
        if k.has(Kinds::MOBILE) {
            c.itinerant += 1;
        }
        for (kind, n) in [
            (Kinds::FRANCE_SERVICES, &mut c.france_services),
            (Kinds::CONSEILLER_NUMERIQUE, &mut c.conseillers_numeriques),
            (Kinds::FREE, &mut c.free),
            (Kinds::SATURDAY, &mut c.saturday),
            (Kinds::STALE, &mut c.stale),
        ] {
            if k.has(kind) {
                *n += 1;
            }
        }
    }
    out
}

/// Access deficit in [0, 1]: 0 at the door, 1 at twice the gap threshold or unreachable.
fn access_deficit(nearest_min: Option<f64>, gap_minutes: u32) -> f64 {
    nearest_min.map_or(1.0, |t| (t / (2.0 * f64::from(gap_minutes))).min(1.0))
}

/// `gap_score` in [0, 100]: the access deficit, times IFN/10 when the commune has an IFN.
pub fn gap_score(nearest_min: Option<f64>, gap_minutes: u32, ifn: Option<f64>) -> f64 {
    let fragility = ifn.map_or(1.0, |f| f / 10.0);
    round2(100.0 * access_deficit(nearest_min, gap_minutes) * fragility)
}

/// Computes the indicators of the `selection` communes (indices into `snapshot.communes`).
pub fn compute(
    snapshot: &Snapshot,
    sites: &[Site],
    selection: &[usize],
    roads: Option<&RoadNetwork>,
    params: &CoverageParams,
) -> Result<Coverage, CoverageError> {
    compute_with(snapshot, sites, selection, roads, params, None)
}

/// The kinds of place whose nearest the indicators give: any, France Services, not stale,
/// free, open on Saturday.
const KINDS: [fn(&Site) -> bool; 5] = [
    |_| true,
    |s| s.kinds.has(Kinds::FRANCE_SERVICES),
    |s| !s.kinds.has(Kinds::STALE),
    |s| s.kinds.has(Kinds::FREE),
    |s| s.kinds.has(Kinds::SATURDAY),
];

/// [`compute`] with roads of the car graph closed (`closed`, made on `roads`' car graph):
/// the road times are those of the graph without them.
pub fn compute_with(
    snapshot: &Snapshot,
    sites: &[Site],
    selection: &[usize],
    roads: Option<&RoadNetwork>,
    params: &CoverageParams,
    closed: Option<&ClosedRoads>,
) -> Result<Coverage, CoverageError> {
    let communes = &snapshot.communes;
    let horizon = crate::model::Seconds(params.horizon_s());
    // Catchment ratios need the demand of every commune within the catchment of a place
    // the selection reaches.
    let catchment_s = params.catchment_minutes * 60.0;
    let reach_m = match roads {
        Some(_) if params.model != ModelChoice::CrowFly => catchment_s * FASTEST_MS,
        _ => crow_reach_m(catchment_s),
    };
    let started = std::time::Instant::now();
    let demand = demand_communes(communes, sites, selection, reach_m);
    let demand_s = started.elapsed().as_secs_f64();
    let closures = closed.map(|closed| Closures {
        closed,
        nearest_for: selection.len(),
        kinds: sites
            .iter()
            .map(|s| {
                KINDS
                    .iter()
                    .enumerate()
                    .fold(0u8, |a, (i, keep)| if keep(s) { a | 1 << i } else { a })
            })
            .collect(),
    });
    let travel = Travel::compute_with(
        communes,
        demand,
        sites,
        roads,
        params.model,
        horizon,
        closures.as_ref(),
    )?;
    let travel_s = started.elapsed().as_secs_f64() - demand_s;
    tracing::debug!(
        "indicators of {} communes ({} with their neighbours): demand {demand_s:.3} s, travel {travel_s:.3} s{}",
        selection.len(),
        travel.communes.len(),
        if closed.is_some() { " (roads closed)" } else { "" }
    );
    let scores = catchment_scores(&travel, communes, sites, params)?;
    let counts = counts_by_commune(sites);
    let [any, france_services, fresh_kind, free, saturday] = KINDS.map(|k| Kind::new(sites, k));
    let rows: Vec<CommuneCoverage> = {
        use rayon::prelude::*;
        (0..selection.len())
            .into_par_iter()
            .map(|k| {
                let c = &communes[travel.communes[k]];
                let how = travel.how[k];
                let near = |kind: &Kind| nearest_of(&travel, k, communes, sites, kind);
                let nearest = near(&any);
                let fs = near(&france_services);
                let fresh = near(&fresh_kind);
                let within_t = |n: &Option<Nearest>, t: u32| {
                    n.as_ref().is_some_and(|n| n.minutes <= f64::from(t))
                };
                let ifn_score = c.ifn;
                let e2 = scores.e2sfca[k];
                CommuneCoverage {
                    code: c.code.as_str().to_string(),
                    nom: c.nom.clone(),
                    departement: c.departement.clone(),
                    region: c.region.clone(),
                    epci: c.epci.clone(),
                    population: c.population.unwrap_or(0),
                    model: how.model(),
                    counts: counts.get(c.code.as_str()).copied().unwrap_or_default(),
                    within: params
                        .minutes
                        .iter()
                        .map(|&t| (t, within_t(&nearest, t)))
                        .collect(),
                    within_france_services: params
                        .minutes
                        .iter()
                        .map(|&t| (t, within_t(&fs, t)))
                        .collect(),
                    within_30_france_services: within_t(&fs, FRANCE_SERVICES_MINUTES),
                    within_gap_fresh: within_t(&fresh, params.gap_minutes),
                    // A commune without a point cannot be judged: not counted as a gap.
                    gap: how != CommuneTravel::NoPoint && !within_t(&nearest, params.gap_minutes),
                    gap_score: if how == CommuneTravel::NoPoint {
                        0.0
                    } else {
                        gap_score(
                            nearest.as_ref().map(|n| n.minutes),
                            params.gap_minutes,
                            ifn_score,
                        )
                    },
                    area_km2: area_km2(c),
                    unreachable: nearest.is_none() && how != CommuneTravel::NoPoint,
                    free: near(&free),
                    saturday: near(&saturday),
                    nearest,
                    france_services: fs,
                    nearest_fresh: fresh,
                    sfca2: scores.sfca2[k],
                    e2sfca: e2,
                    gravity: scores.gravity[k],
                    e2sfca_fresh: scores.e2sfca_fresh[k],
                    // `+ 0.0` turns the empty sum's -0 into 0.
                    mobile_share: (e2 > 0.0).then(|| scores.e2sfca_mobile[k] / e2 + 0.0),
                    ifn: ifn_score,
                }
            })
            .collect()
    };
    Ok(Coverage {
        params: params.clone(),
        model: travel.model(),
        communes: rows,
        sites_total: sites.len(),
        sites_stale: sites.iter().filter(|s| s.kinds.has(Kinds::STALE)).count(),
    })
}

/// Floating catchment scores of every demand commune.
struct Scores {
    sfca2: Vec<f64>,
    e2sfca: Vec<f64>,
    gravity: Vec<f64>,
    e2sfca_fresh: Vec<f64>,
    e2sfca_mobile: Vec<f64>,
}

fn catchment_scores(
    travel: &Travel,
    communes: &[Commune],
    sites: &[Site],
    params: &CoverageParams,
) -> Result<Scores, CatchmentError> {
    let n = travel.communes.len();
    let mut pairs = Vec::with_capacity(travel.len());
    for k in 0..n {
        for t in travel.trips(k) {
            let minutes = t.time().minutes();
            if minutes <= params.catchment_minutes {
                pairs.push((k as u32, t.site, minutes));
            }
        }
    }
    let reach = Reach::from_pairs(n, sites.len(), &pairs)?;
    let population: Vec<f64> = travel
        .communes
        .iter()
        .map(|&i| communes[i].population.unwrap_or(0) as f64)
        .collect();
    let supply: Vec<f64> = sites.iter().map(|s| s.supply(params.supply)).collect();
    let fresh_supply: Vec<f64> = sites
        .iter()
        .zip(&supply)
        .map(|(s, &v)| if s.kinds.has(Kinds::STALE) { 0.0 } else { v })
        .collect();
    let size = params.catchment_minutes;
    let two_step = CatchmentParams::two_step(size);
    let enhanced = CatchmentParams::enhanced_with(size, params.zones.clone());
    // Trips under a minute weigh as one minute (a place next door is not infinitely close).
    let gravity = CatchmentParams::gravity(size, params.gravity_beta, 1.0);
    let ratios = catchment::supply_ratios(&reach, &population, &supply, &enhanced)?;
    let mobile: Vec<bool> = sites.iter().map(|s| s.kinds.has(Kinds::MOBILE)).collect();
    Ok(Scores {
        sfca2: catchment::fca(&reach, &population, &supply, &two_step)?,
        e2sfca: catchment::accessibility(&reach, &ratios, &enhanced, None)?,
        gravity: catchment::fca(&reach, &population, &supply, &gravity)?,
        e2sfca_fresh: catchment::fca(&reach, &population, &fresh_supply, &enhanced)?,
        e2sfca_mobile: catchment::accessibility(&reach, &ratios, &enhanced, Some(&mobile))?,
    })
}
