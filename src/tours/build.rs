//! From the registry to a plan: the communes weighed (the département's, or those around the
//! candidates), who is already within T minutes of a place, the candidates (the gap
//! communes' town halls by default), what each reaches — all through the coverage engine's
//! one trip builder, so the plan promises what coverage then measures —, the units, the
//! travel times between depots and stops, then the planner, and the answer.

use super::document::{self, CoverageGain, LeftOut, TourPlan, Travel};
use super::error::TourError;
use super::heuristic::{plan, Budget};
use super::instance::{StopSpec, TourInstance, UnitSpec};
use super::left_out::reason;
use super::matrix_file::MatrixFile;
use super::prefectures::prefecture;
use super::request::{TourRequest, UnitsWanted, MAX_CANDIDATES};
use super::travel_times::{TravelSource, TravelTimes};
use super::value::StopValues;
use crate::coverage::travel::{ModelChoice, Travel as Trips};
use crate::coverage::Site;
use crate::model::Seconds;
use crate::planning::suggest::candidate_points;
use crate::planning::Candidate;
use crate::registry::Snapshot;
use crate::request::RequestError;
use crate::routing::crowfly::{self, TripEnds};
use crate::routing::snap::SnapOutcome;
use crate::routing::{matrix, ModelKind, Profile, RoadNetwork};
use crate::spatial::CommuneLocator;
use std::collections::BTreeSet;

/// What the plan is computed from.
pub struct PlanContext<'a> {
    pub snapshot: &'a Snapshot,
    /// Places (and mobile stops) already serving people.
    pub sites: &'a [Site],
    /// Imported mobile units (for `unit_ids`).
    pub mobile: &'a crate::mobile::Timetable,
    pub roads: Option<&'a RoadNetwork>,
    /// An organiser's own travel times.
    pub matrix: Option<&'a MatrixFile>,
}

/// Plans tours for `req`.
pub fn plan_tours(ctx: &PlanContext, req: &TourRequest) -> Result<TourPlan, TourError> {
    let inst_and_report = instance(ctx, req)?;
    let Built {
        inst,
        population,
        before,
        weighted_by,
        mut warnings,
        candidates,
    } = inst_and_report;
    let tt = plan(&inst, &Budget::for_instance(&inst, req.search));
    let (units, stops) = document::units_and_stops(&inst, &tt);
    let gained = inst.values.population_of(tt.served());
    let left_out: Vec<LeftOut> = (0..inst.stops.len())
        .filter(|&s| tt.assigned[s].is_none())
        .map(|s| {
            let st = &inst.stops[s];
            LeftOut {
                id: st.id.clone(),
                name: st.name.clone(),
                commune: st.commune.clone(),
                reason: reason(&inst, &tt, s, req.minutes),
            }
        })
        .collect();
    for s in (0..inst.stops.len()).filter(|&s| inst.stops[s].keep && tt.assigned[s].is_none()) {
        warnings.push(format!(
            "stop {} was to be kept but cannot be: {}",
            inst.stops[s].id,
            reason(&inst, &tt, s, req.minutes)
        ));
    }
    if stops.is_empty() {
        warnings.push(if inst.stops.is_empty() {
            "no candidate stop: nobody is left more than T minutes from a place".into()
        } else {
            "no stop could be planned: see left_out for each candidate's reason".into()
        });
    }
    Ok(TourPlan {
        travel: Travel {
            source: inst.times.source,
            profile: "car",
        },
        horizon_weeks: inst.horizon_weeks,
        coverage: CoverageGain {
            minutes: req.minutes,
            population,
            population_before: before,
            population_after: before + gained,
            population_gained: gained,
            weighted_by,
            value_gained: (tt.reached.value * 10.0).round() / 10.0,
        },
        units,
        stops,
        left_out,
        warnings,
        candidates,
    })
}

/// An instance and what the report needs beside it.
pub struct Built {
    pub inst: TourInstance,
    pub population: u64,
    pub before: u64,
    pub weighted_by: &'static str,
    pub warnings: Vec<String>,
    pub candidates: usize,
}

/// Builds the planning instance of `req` on the registry.
pub fn instance(ctx: &PlanContext, req: &TourRequest) -> Result<Built, TourError> {
    let snap = ctx.snapshot;
    let communes = &snap.communes;
    let mut warnings = Vec::new();
    let roads = match req.model {
        ModelChoice::CrowFly => None,
        _ => ctx.roads,
    };
    if req.model == ModelChoice::Road && roads.is_none() {
        return Err(RequestError::new(
            "model",
            "auto or crow-fly: no road network is loaded (maillage import roads FILE.osm.pbf)",
        )
        .got("road")
        .into());
    }
    // The communes weighed.
    let departements: BTreeSet<String> = match (&req.departement, &req.candidates) {
        (Some(d), _) => [d.clone()].into(),
        (None, Some(cands)) => {
            let polygons: Vec<_> = communes.iter().map(|c| c.polygon.as_ref()).collect();
            let locator = CommuneLocator::new(&polygons);
            cands
                .iter()
                .filter_map(|c| locator.locate(c.point[0], c.point[1]))
                .map(|i| communes[i].departement.clone())
                .collect()
        }
        (None, None) => BTreeSet::new(),
    };
    let demand: Vec<usize> = (0..communes.len())
        .filter(|&i| departements.contains(&communes[i].departement))
        .collect();
    if demand.is_empty() {
        return Err(match &req.departement {
            Some(d) => TourError::impossible(
                "departement",
                format!("no commune of département {d} in the registry (import its communes first: maillage import communes …)"),
            ),
            None => TourError::impossible(
                "candidates",
                "no candidate lies in a commune of the registry",
            ),
        });
    }
    let limit = Seconds::from_minutes(f64::from(req.minutes));
    let to_sites = Trips::compute(communes, demand.clone(), ctx.sites, roads, req.model, limit)?;
    let covered: Vec<bool> = (0..demand.len())
        .map(|k| to_sites.trips(k).iter().any(|t| t.time() <= limit))
        .collect();
    let population: Vec<u64> = demand
        .iter()
        .map(|&i| communes[i].population.unwrap_or(0))
        .collect();
    let before: u64 = (0..demand.len())
        .filter(|&k| covered[k])
        .map(|k| population[k])
        .sum();
    // Fragility: population × IFN / 10, communes without a score at the mean score.
    let scores: Vec<f64> = demand.iter().filter_map(|&i| communes[i].ifn).collect();
    let fragility = !scores.is_empty();
    let mean_ifn = scores.iter().sum::<f64>() / scores.len().max(1) as f64;
    let weights: Vec<f64> = (0..demand.len())
        .map(|k| {
            if covered[k] {
                0.0
            } else if fragility {
                population[k] as f64 * communes[demand[k]].ifn.unwrap_or(mean_ifn) / 10.0
            } else {
                population[k] as f64
            }
        })
        .collect();
    // The candidates.
    let stops: Vec<StopSpec> = match &req.candidates {
        Some(c) => c.clone(),
        None => {
            let mut gaps: Vec<usize> = (0..demand.len())
                .filter(|&k| {
                    !covered[k] && population[k] > 0 && communes[demand[k]].point.is_some()
                })
                .collect();
            gaps.sort_by(|&a, &b| population[b].cmp(&population[a]).then(a.cmp(&b)));
            if gaps.len() > MAX_CANDIDATES {
                warnings.push(format!(
                    "{} gap communes; the {MAX_CANDIDATES} most populated are the candidates",
                    gaps.len()
                ));
                gaps.truncate(MAX_CANDIDATES);
            }
            gaps.into_iter()
                .map(|k| {
                    let c = &communes[demand[k]];
                    let p = c.point.expect("filtered");
                    StopSpec {
                        id: c.code.as_str().to_string(),
                        name: c.nom.clone(),
                        commune: c.code.as_str().to_string(),
                        point: [p.x(), p.y()],
                        visit_s: req.visit_s,
                        frequency: req.frequency,
                        window: None,
                        keep: false,
                    }
                })
                .collect()
        }
    };
    req.check_stops(&stops, "candidates")?;
    let as_candidates: Vec<Candidate> = stops
        .iter()
        .map(|s| Candidate {
            code: s.commune.clone(),
            nom: s.name.clone(),
            lon: s.point[0],
            lat: s.point[1],
        })
        .collect();
    let to_stops = Trips::compute(
        communes,
        demand.clone(),
        &candidate_points(communes, &as_candidates),
        roads,
        req.model,
        limit,
    )?;
    let mut covers: Vec<Vec<u32>> = vec![Vec::new(); stops.len()];
    for k in 0..demand.len() {
        for t in to_stops.trips(k) {
            if t.time() <= limit {
                covers[t.site as usize].push(k as u32);
            }
        }
    }
    for c in &mut covers {
        c.sort_unstable();
        c.dedup();
    }
    let units = units(ctx, req)?;
    let times = travel_times(ctx, roads, &units, &stops, &mut warnings, |i| {
        depot_field(req, i)
    })?;
    let candidates = stops.len();
    Ok(Built {
        inst: TourInstance {
            units,
            stops,
            horizon_weeks: req.horizon_weeks,
            times,
            values: StopValues {
                weights,
                population: population.clone(),
                covers,
            },
        },
        population: population.iter().sum(),
        before,
        weighted_by: if fragility { "fragility" } else { "population" },
        warnings,
        candidates,
    })
}

/// The units to plan: `n` new ones from the depot (the préfecture by default), or imported
/// ones from theirs.
fn units(ctx: &PlanContext, req: &TourRequest) -> Result<Vec<UnitSpec>, TourError> {
    let spec = |id: String, name: String, depot: [f64; 2]| UnitSpec {
        id,
        name,
        depot,
        hours: req.hours,
        lunch: req.lunch,
        max_driving_s: req.max_driving_s,
        working_days: req.working_days.clone(),
    };
    match &req.units {
        UnitsWanted::Count(n) => {
            let depot = match req.depot {
                Some(d) => d,
                None => default_depot(ctx.snapshot, req)?,
            };
            Ok((1..=*n)
                .map(|i| spec(format!("plan-{i}"), format!("Unité {i}"), depot))
                .collect())
        }
        UnitsWanted::Ids(ids) => ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let unit = ctx
                    .mobile
                    .units
                    .iter()
                    .find(|u| u.id.as_str() == id)
                    .ok_or_else(|| {
                        RequestError::new(
                            format!("unit_ids[{i}]"),
                            "the id of an imported mobile unit (GET /api/units)",
                        )
                        .got(id)
                    })?;
                let depot = req.depot.or(unit.depot).ok_or_else(|| {
                    TourError::impossible(
                        format!("unit_ids[{i}]"),
                        format!("unit {id} has no depot: give one with `depot`"),
                    )
                })?;
                Ok(spec(id.clone(), unit.name.clone(), depot))
            })
            .collect(),
    }
}

/// The préfecture's point, or the most populated commune's.
fn default_depot(snap: &Snapshot, req: &TourRequest) -> Result<[f64; 2], TourError> {
    let d = req.departement.as_deref().unwrap_or("");
    let in_dep = || snap.communes.iter().filter(|c| c.departement == d);
    let chosen = prefecture(d)
        .and_then(|code| in_dep().find(|c| c.code.as_str() == code && c.point.is_some()))
        .or_else(|| {
            in_dep()
                .filter(|c| c.point.is_some())
                .max_by_key(|c| c.population.unwrap_or(0))
        });
    chosen
        .and_then(|c| c.point)
        .map(|p| [p.x(), p.y()])
        .ok_or_else(|| TourError::impossible("depot", "no default depot: give one as [lon, lat]"))
}

/// The request field that gave unit `i` its depot: `depot` when the request names one, else
/// the unit's entry in `unit_ids` (its imported depot).
fn depot_field(req: &TourRequest, i: usize) -> String {
    match (&req.units, req.depot) {
        (UnitsWanted::Ids(_), None) => format!("unit_ids[{i}]"),
        _ => "depot".to_string(),
    }
}

/// Times between depots and stops: the matrix file, or the road engine (straight line for
/// points it does not cover), or the straight-line model. `depot_field(i)` names the request
/// field an error about unit `i`'s depot points at.
fn travel_times(
    ctx: &PlanContext,
    roads: Option<&RoadNetwork>,
    units: &[UnitSpec],
    stops: &[StopSpec],
    warnings: &mut Vec<String>,
    depot_field: impl Fn(usize) -> String,
) -> Result<TravelTimes, TourError> {
    let points: Vec<[f64; 2]> = units
        .iter()
        .map(|u| u.depot)
        .chain(stops.iter().map(|s| s.point))
        .collect();
    let n = points.len();
    if let Some(file) = ctx.matrix {
        let mut distances = vec![0.0; n * n];
        for a in 0..n {
            for b in 0..n {
                if a != b {
                    distances[a * n + b] =
                        crowfly::estimate(points[a], points[b], Profile::Car, TripEnds::default())
                            .1;
                }
            }
        }
        let names: Vec<Vec<String>> = units
            .iter()
            .map(|u| vec![u.id.clone(), "depot".to_string()])
            .chain(stops.iter().map(|s| vec![s.id.clone()]))
            .collect();
        warnings.push(
            "distances are straight-line estimates: the matrix file gives durations only".into(),
        );
        return Ok(file.times_for(&names, distances)?);
    }
    if let Some(network) = roads {
        let g = network.profile(Profile::Car);
        for (i, u) in units.iter().enumerate() {
            if g.covers(u.depot) && !matches!(g.snap(u.depot), SnapOutcome::Snapped(_)) {
                return Err(TourError::impossible(
                    depot_field(i),
                    format!(
                        "the depot of {} at [{}, {}] is off the road network (more than {} m from any road): choose a point on a road",
                        u.name, u.depot[0], u.depot[1], network.metadata().snap_max_m
                    ),
                ));
            }
        }
    }
    let geo_points: Vec<geo::Point<f64>> =
        points.iter().map(|p| geo::Point::new(p[0], p[1])).collect();
    let m = matrix(roads, &geo_points, &geo_points, Profile::Car)?;
    let off: BTreeSet<usize> = m
        .crow_fly_sources
        .iter()
        .chain(&m.crow_fly_destinations)
        .copied()
        .collect();
    let source = if m.model == ModelKind::Road && off.len() < n {
        if !off.is_empty() {
            warnings.push(format!(
                "{} of {n} points are outside the road network: their trips use the straight-line model",
                off.len()
            ));
        }
        TravelSource::Roads
    } else {
        if roads.is_some() {
            warnings.push(
                "no point lies on the loaded road network: times use the straight-line model"
                    .into(),
            );
        }
        TravelSource::Crowfly
    };
    let cell = |v: Option<f64>| v.unwrap_or(f64::INFINITY);
    Ok(TravelTimes {
        nodes: n,
        durations_s: m.durations_s.iter().map(|&v| cell(v)).collect(),
        distances_m: m.distances_m.iter().map(|&v| cell(v)).collect(),
        source,
    })
}
