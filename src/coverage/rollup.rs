//! Roll-ups of commune indicators to EPCI, département, région and the whole territory.
//! Every share and average is weighted by population — computed from the populations, never
//! as an average of the communes' ratios.

use super::indicators::{CommuneCoverage, Coverage};
use crate::request::RequestError;
use serde::Serialize;
use std::collections::BTreeMap;
use std::str::FromStr;

/// The level communes are grouped at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Commune,
    Epci,
    Departement,
    Region,
    Territory,
}

impl FromStr for Level {
    type Err = RequestError;
    fn from_str(s: &str) -> Result<Level, RequestError> {
        Ok(match s {
            "commune" => Level::Commune,
            "epci" => Level::Epci,
            "departement" => Level::Departement,
            "region" => Level::Region,
            "territory" | "total" => Level::Territory,
            _ => {
                return Err(RequestError::new(
                    "level",
                    "commune, epci, departement, region or territory",
                )
                .got(s))
            }
        })
    }
}

/// Indicators of a group of communes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rollup {
    pub level: Level,
    /// EPCI SIREN, département or région code; `all` for the territory; `none` for
    /// communes that belong to no group of that level.
    pub code: String,
    pub communes: u32,
    pub population: u64,
    pub places: u32,
    pub places_france_services: u32,
    pub places_itinerant: u32,
    pub places_stale: u32,
    pub places_per_10k: Option<f64>,
    /// (T, share of population within T minutes of any place).
    pub share_within: Vec<(u32, f64)>,
    /// (T, share of population within T minutes of a France Services).
    pub share_within_france_services: Vec<(u32, f64)>,
    pub share_within_30_france_services: f64,
    /// Share within the gap threshold counting fresh records only.
    pub share_within_gap_fresh: f64,
    /// Population-weighted mean time to the nearest place, over the population that has one.
    pub mean_nearest_min: Option<f64>,
    pub mean_france_services_min: Option<f64>,
    /// Mean time to the nearest place whose record is fresh.
    pub mean_nearest_min_fresh: Option<f64>,
    /// Population-weighted mean E2SFCA score.
    pub mean_e2sfca: f64,
    pub gap_communes: u32,
    pub gap_population: u64,
    pub unreachable_population: u64,
}

fn key(c: &CommuneCoverage, level: Level) -> String {
    let code = match level {
        Level::Commune => Some(c.code.clone()),
        Level::Epci => c.epci.clone(),
        Level::Departement => Some(c.departement.clone()),
        Level::Region => c.region.clone(),
        Level::Territory => Some("all".to_string()),
    };
    code.unwrap_or_else(|| "none".to_string())
}

#[derive(Default)]
struct Sums {
    communes: u32,
    population: f64,
    places: u32,
    fs: u32,
    itinerant: u32,
    stale: u32,
    within: Vec<f64>,
    within_fs_t: Vec<f64>,
    within_fs: f64,
    within_fresh: f64,
    nearest: (f64, f64),
    fs_min: (f64, f64),
    fresh_min: (f64, f64),
    e2sfca: f64,
    gap_communes: u32,
    gap_population: f64,
    unreachable: f64,
}

/// Groups the communes of a coverage result at a level, by code.
pub fn rollup(coverage: &Coverage, level: Level) -> Vec<Rollup> {
    let ts = &coverage.params.minutes;
    let mut groups: BTreeMap<String, Sums> = BTreeMap::new();
    for c in &coverage.communes {
        let s = groups.entry(key(c, level)).or_insert_with(|| Sums {
            within: vec![0.0; ts.len()],
            within_fs_t: vec![0.0; ts.len()],
            ..Sums::default()
        });
        let p = c.population as f64;
        s.communes += 1;
        s.population += p;
        s.places += c.counts.all;
        s.fs += c.counts.france_services;
        s.itinerant += c.counts.itinerant;
        s.stale += c.counts.stale;
        for (k, (_, w)) in c.within.iter().enumerate() {
            if *w {
                s.within[k] += p;
            }
        }
        for (k, (_, w)) in c.within_france_services.iter().enumerate() {
            if *w {
                s.within_fs_t[k] += p;
            }
        }
        if let Some(n) = &c.nearest_fresh {
            s.fresh_min.0 += p * n.minutes;
            s.fresh_min.1 += p;
        }
        if c.within_30_france_services {
            s.within_fs += p;
        }
        if c.within_gap_fresh {
            s.within_fresh += p;
        }
        if let Some(n) = &c.nearest {
            s.nearest.0 += p * n.minutes;
            s.nearest.1 += p;
        }
        if let Some(n) = &c.france_services {
            s.fs_min.0 += p * n.minutes;
            s.fs_min.1 += p;
        }
        s.e2sfca += p * c.e2sfca;
        if c.gap {
            s.gap_communes += 1;
            s.gap_population += p;
        }
        if c.unreachable {
            s.unreachable += p;
        }
    }
    groups
        .into_iter()
        .map(|(code, s)| {
            let share = |x: f64| {
                if s.population > 0.0 {
                    round4(x / s.population)
                } else {
                    0.0
                }
            };
            let mean = |(w, p): (f64, f64)| (p > 0.0).then(|| round2(w / p));
            Rollup {
                level,
                code,
                communes: s.communes,
                population: s.population as u64,
                places: s.places,
                places_france_services: s.fs,
                places_itinerant: s.itinerant,
                places_stale: s.stale,
                places_per_10k: (s.population > 0.0)
                    .then(|| round2(f64::from(s.places) * 10_000.0 / s.population)),
                share_within: ts
                    .iter()
                    .copied()
                    .zip(s.within.iter().map(|&w| share(w)))
                    .collect(),
                share_within_france_services: ts
                    .iter()
                    .copied()
                    .zip(s.within_fs_t.iter().map(|&w| share(w)))
                    .collect(),
                share_within_30_france_services: share(s.within_fs),
                share_within_gap_fresh: share(s.within_fresh),
                mean_nearest_min: mean(s.nearest),
                mean_france_services_min: mean(s.fs_min),
                mean_nearest_min_fresh: mean(s.fresh_min),
                mean_e2sfca: if s.population > 0.0 {
                    s.e2sfca / s.population
                } else {
                    0.0
                },
                gap_communes: s.gap_communes,
                gap_population: s.gap_population as u64,
                unreachable_population: s.unreachable as u64,
            }
        })
        .collect()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
