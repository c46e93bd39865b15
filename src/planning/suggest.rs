//! Site suggestions on the real map: communes of a selection as demand (their population,
//! zero when a place is already within T), candidate points (town halls by default), travel
//! times from the coverage engine, then [`max_cover`] or [`fewest_sites`].
//!
//! Communes reach candidates through the same table builder as they reach places
//! ([`Travel::compute`]), so a suggested site, once open, is timed as the plan assumed.

use super::{fewest_sites, max_cover, CoverProblem, PlanError, Suggestion};
use crate::coverage::landmass::Landmass;
use crate::coverage::travel::{kind_index, Destination, ModelChoice, Travel};
use crate::coverage::Site;
use crate::ingest::{CsvTable, InputError};
use crate::model::{Commune, Seconds};
use crate::registry::Snapshot;
use crate::routing::{ModelKind, RoadNetwork};
use serde::Serialize;

/// A point where a site could open.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Candidate {
    /// The commune it stands in (its town hall by default).
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub nom: String,
    pub lon: f64,
    pub lat: f64,
}

/// What to ask.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteQuestion {
    /// How many sites to add; `None` asks for the fewest sites covering everyone coverable.
    pub add: Option<usize>,
    /// Travel-time threshold, minutes.
    pub minutes: u32,
    pub model: ModelChoice,
}

/// One suggested site.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuggestedSite {
    pub rank: usize,
    #[serde(flatten)]
    pub candidate: Candidate,
    /// Population newly within T thanks to this site (given those ranked before it).
    pub gain_population: u64,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SitePlan {
    pub model: ModelKind,
    pub minutes: u32,
    pub suggestions: Vec<SuggestedSite>,
    /// Population of the selection.
    pub population: u64,
    /// Already within T of an existing place.
    pub covered_before: u64,
    /// Within T once the suggested sites open.
    pub covered_after: u64,
    /// Left out of every candidate's reach.
    pub uncoverable: u64,
    /// Guaranteed fraction of the optimum (heuristic answer / upper bound), when known.
    pub optimality_ratio: Option<f64>,
    pub candidates: usize,
}

/// Largest question answered: sites to add, and communes × candidates in the time table.
pub const MAX_ADD: usize = 100;
pub const MAX_CELLS: usize = 20_000_000;

/// Every selected commune's representative point (its town hall when it is inside).
pub fn town_halls(snapshot: &Snapshot, selection: &[usize]) -> Vec<Candidate> {
    selection
        .iter()
        .filter_map(|&i| {
            let c = &snapshot.communes[i];
            let p = c.point?;
            Some(Candidate {
                code: c.code.as_str().to_string(),
                nom: c.nom.clone(),
                lon: p.x(),
                lat: p.y(),
            })
        })
        .collect()
}

/// Suggests sites among `candidates` for the `selection` communes, existing `sites` kept.
pub fn suggest_sites(
    snapshot: &Snapshot,
    sites: &[Site],
    selection: &[usize],
    candidates: &[Candidate],
    roads: Option<&RoadNetwork>,
    q: &SiteQuestion,
) -> Result<SitePlan, PlanError> {
    let communes = &snapshot.communes;
    if selection.len().saturating_mul(candidates.len()) > MAX_CELLS {
        return Err(PlanError::TooLarge {
            communes: selection.len(),
            candidates: candidates.len(),
        });
    }
    if let Some(n) = q.add.filter(|&n| n == 0 || n > MAX_ADD) {
        return Err(PlanError::TooManySites(n));
    }
    let limit = Seconds::from_minutes(f64::from(q.minutes));
    let travel = Travel::compute(communes, selection.to_vec(), sites, roads, q.model, limit)?;
    let all = kind_index(sites, |_| true);
    let population: Vec<u64> = selection
        .iter()
        .map(|&i| communes[i].population.unwrap_or(0))
        .collect();
    let covered: Vec<bool> = (0..selection.len())
        .map(|k| {
            travel
                .nearest(k, communes, sites, |_| true, &all)
                .is_some_and(|t| t.time() <= limit)
        })
        .collect();
    let weights: Vec<f64> = (0..selection.len())
        .map(|k| {
            if covered[k] {
                0.0
            } else {
                population[k] as f64
            }
        })
        .collect();
    let to_candidates = Travel::compute(
        communes,
        selection.to_vec(),
        &candidate_points(communes, candidates),
        roads,
        q.model,
        limit,
    )?;
    // Communes each candidate would bring within T, in selection order.
    let mut covers: Vec<Vec<u32>> = vec![Vec::new(); candidates.len()];
    for k in 0..selection.len() {
        for t in to_candidates.trips(k) {
            if t.time() <= limit {
                covers[t.site as usize].push(k as u32);
            }
        }
    }
    let problem = CoverProblem { weights, covers };
    let answer: Suggestion = match q.add {
        Some(n) => max_cover(&problem, n)?,
        None => fewest_sites(&problem)?,
    };
    let covered_before: u64 = (0..selection.len())
        .filter(|&k| covered[k])
        .map(|k| population[k])
        .sum();
    Ok(SitePlan {
        model: travel.model(),
        minutes: q.minutes,
        suggestions: answer
            .chosen
            .iter()
            .zip(&answer.gains)
            .enumerate()
            .map(|(r, (&j, &g))| SuggestedSite {
                rank: r + 1,
                candidate: candidates[j].clone(),
                gain_population: g.round() as u64,
            })
            .collect(),
        population: population.iter().sum(),
        covered_before,
        covered_after: covered_before + answer.covered.round() as u64,
        uncoverable: answer.uncoverable().round() as u64,
        optimality_ratio: answer.optimality_ratio(),
        candidates: candidates.len(),
    })
}

/// A candidate as a trip's destination: its point, and the land of the commune it lies in.
pub(crate) struct CandidatePoint {
    point: [f64; 2],
    landmass: Landmass,
}

impl Destination for CandidatePoint {
    fn point(&self) -> Option<[f64; 2]> {
        Some(self.point)
    }

    fn landmass(&self) -> Landmass {
        self.landmass
    }
}

/// The candidates as destinations. A candidate's land is that of the commune its point lies
/// in (its code may be absent or wrong); in the sea, that of its code.
pub(crate) fn candidate_points(
    communes: &[Commune],
    candidates: &[Candidate],
) -> Vec<CandidatePoint> {
    let polygons: Vec<_> = communes.iter().map(|c| c.polygon.as_ref()).collect();
    let locator = crate::spatial::CommuneLocator::new(&polygons);
    candidates
        .iter()
        .map(|c| CandidatePoint {
            point: [c.lon, c.lat],
            landmass: match locator.locate(c.lon, c.lat) {
                Some(i) => Landmass::of(&communes[i].code),
                None => crate::model::InseeCode::parse(&c.code)
                    .map_or(Landmass::MAINLAND, |code| Landmass::of(&code)),
            },
        })
        .collect()
}

/// Reads candidate points from a CSV with columns `code, nom, lon, lat` (a bad row is an
/// error naming the file, line and field).
pub fn read_candidates(path: &std::path::Path) -> Result<Vec<Candidate>, InputError> {
    let table = CsvTable::read(path)?;
    let [c_code, c_nom, c_lon, c_lat] = table.columns(
        [&["code"], &["nom"], &["lon"], &["lat"]],
        "columns code, nom, lon, lat",
    )?;
    let mut out = Vec::new();
    for row in table.rows() {
        let (lon, lat) = (row.number(c_lon, "lon")?, row.number(c_lat, "lat")?);
        if !crate::spatial::geodesy::valid_lon_lat(lon, lat) {
            return Err(row.error(
                c_lon,
                "lon",
                "a WGS84 position (lon -180..180, lat -90..90)",
            ));
        }
        out.push(Candidate {
            code: row.get(c_code).to_string(),
            nom: row.get(c_nom).to_string(),
            lon,
            lat,
        });
    }
    if out.is_empty() {
        return Err(InputError::file(
            &table.name,
            "no row",
            "at least one candidate",
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read(text: &str) -> Result<Vec<Candidate>, InputError> {
        let mut f = tempfile::NamedTempFile::new().expect("temp file");
        f.write_all(text.as_bytes()).expect("write");
        read_candidates(f.path())
    }

    #[test]
    fn candidates_file_is_checked_row_by_row() {
        let ok = read("code,nom,lon,lat\n19031,Brive,1.53,45.16\n").expect("valid");
        assert_eq!(ok[0].nom, "Brive");
        assert_eq!((ok[0].lon, ok[0].lat), (1.53, 45.16));
        let e =
            read("code,nom,lon,lat\n19031,Brive,1.53,45.16\n19032,X,east,45\n").expect_err("lon");
        assert_eq!(
            (e.line, e.field.as_str(), e.value.as_str()),
            (3, "lon", "east")
        );
        let e = read("code,nom,lon,lat\n19031,Brive,1.53,95\n").expect_err("lat");
        assert_eq!(e.line, 2);
        let e = read("code,name,x,y\n").expect_err("header");
        assert_eq!(e.field, "(header)");
        assert!(read("code,nom,lon,lat\n").is_err());
    }
}
