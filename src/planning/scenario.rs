//! What-if scenarios: places added or removed, and every commune's indicators before and
//! after.

use super::PlanError;
use crate::coverage::indicators::compute_with;
use crate::coverage::landmass::Landmass;
use crate::coverage::{compute, CoverageParams, Kinds, Site};
use crate::registry::Snapshot;
use crate::routing::closure::ClosedRoads;
use crate::routing::RoadNetwork;
use serde::{Deserialize, Serialize};

/// A place a scenario opens.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPlace {
    pub lon: f64,
    pub lat: f64,
    #[serde(default)]
    pub nom: Option<String>,
    #[serde(default)]
    pub france_services: bool,
    /// A mobile unit's stop rather than a fixed place.
    #[serde(default)]
    pub mobile: bool,
    /// Weekly opening hours (supply); 1 when absent.
    #[serde(default)]
    pub weekly_hours: Option<f64>,
}

/// A commune whose indicators change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommuneChange {
    pub code: String,
    pub nom: String,
    pub population: u64,
    pub nearest_min_before: Option<f64>,
    pub nearest_min_after: Option<f64>,
    pub france_services_min_before: Option<f64>,
    pub france_services_min_after: Option<f64>,
    pub gap_before: bool,
    pub gap_after: bool,
    pub e2sfca_before: f64,
    pub e2sfca_after: f64,
}

/// The scenario's answer: every commune of the selection (changed or not: `changed` says).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioResult {
    /// `road` when a road graph gave any commune's times, else `crow-fly`.
    pub model: crate::routing::ModelKind,
    pub communes: Vec<CommuneChange>,
    pub changed: usize,
    pub gap_population_before: u64,
    pub gap_population_after: u64,
}

/// The sites with `remove` (ids) taken out and `add` put in; an unknown id is an error
/// naming it. The new places are taken as checked (see [`super::request::ScenarioRequest`]).
pub fn edited_sites(
    sites: &[Site],
    snapshot: &Snapshot,
    add: &[NewPlace],
    remove: &[String],
) -> Result<Vec<Site>, PlanError> {
    if let Some(id) = remove.iter().find(|id| !sites.iter().any(|s| &s.id == *id)) {
        return Err(PlanError::UnknownPlace { id: id.clone() });
    }
    let mut out: Vec<Site> = sites
        .iter()
        .filter(|s| !remove.contains(&s.id))
        .cloned()
        .collect();
    let locator: Vec<_> = snapshot
        .communes
        .iter()
        .map(|c| c.polygon.as_ref())
        .collect();
    let locator = crate::spatial::CommuneLocator::new(&locator);
    for (n, p) in add.iter().enumerate() {
        let commune = locator
            .locate(p.lon, p.lat)
            .map(|i| snapshot.communes[i].code.clone());
        let mut kinds = Kinds::default();
        if p.france_services {
            kinds = kinds.with(Kinds::FRANCE_SERVICES);
        }
        kinds = kinds.with(if p.mobile {
            Kinds::MOBILE
        } else {
            Kinds::FIXED
        });
        out.push(Site {
            id: format!("scenario-{}", n + 1),
            nom: p
                .nom
                .clone()
                .unwrap_or_else(|| format!("nouveau lieu {}", n + 1)),
            point: Some([p.lon, p.lat]),
            landmass: commune.as_ref().map_or(Landmass::MAINLAND, Landmass::of),
            commune,
            kinds,
            weekly_hours: p.weekly_hours,
        });
    }
    Ok(out)
}

/// Indicators of the selection before and after the edit: `after` sites, with the `closed`
/// roads (of `roads`' car graph) closed.
pub fn run_scenario(
    snapshot: &Snapshot,
    before: &[Site],
    after: &[Site],
    selection: &[usize],
    roads: Option<&RoadNetwork>,
    params: &CoverageParams,
    closed: Option<&ClosedRoads>,
) -> Result<ScenarioResult, PlanError> {
    let a = compute(snapshot, before, selection, roads, params)?;
    let b = compute_with(snapshot, after, selection, roads, params, closed)?;
    let gap_pop = |c: &crate::coverage::Coverage| {
        c.communes
            .iter()
            .filter(|r| r.gap)
            .map(|r| r.population)
            .sum()
    };
    let communes: Vec<CommuneChange> = a
        .communes
        .iter()
        .zip(&b.communes)
        .map(|(x, y)| CommuneChange {
            code: x.code.clone(),
            nom: x.nom.clone(),
            population: x.population,
            nearest_min_before: x.nearest.as_ref().map(|n| n.minutes),
            nearest_min_after: y.nearest.as_ref().map(|n| n.minutes),
            france_services_min_before: x.france_services.as_ref().map(|n| n.minutes),
            france_services_min_after: y.france_services.as_ref().map(|n| n.minutes),
            gap_before: x.gap,
            gap_after: y.gap,
            e2sfca_before: x.e2sfca,
            e2sfca_after: y.e2sfca,
        })
        .collect();
    let changed = communes
        .iter()
        .filter(|c| {
            c.nearest_min_before != c.nearest_min_after
                || c.france_services_min_before != c.france_services_min_after
                || (c.e2sfca_before - c.e2sfca_after).abs()
                    > 1e-12 * c.e2sfca_before.abs().max(1e-12)
        })
        .count();
    Ok(ScenarioResult {
        model: a.model,
        communes,
        changed,
        gap_population_before: gap_pop(&a),
        gap_population_after: gap_pop(&b),
    })
}
