//! What if places open or close: the scenario as given, checked into the places to add, the
//! ids to remove, the selection and the indicators' parameters.

use super::closure::{CloseInput, Closure, ClosureCaps};
use crate::coverage::request::{CoverageInput, SelectionInput, SelectionRule};
use crate::coverage::{CoverageParams, Selection};
use crate::planning::NewPlace;
use crate::request::RequestError;
use crate::spatial::geodesy::valid_lon_lat;
use chrono::NaiveDate;
use serde::Deserialize;

/// Most weekly opening hours of a new place.
const WEEK_HOURS: f64 = 168.0;

/// A scenario as given (`POST /api/scenarios`), before checks.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ScenarioInput {
    #[serde(flatten)]
    pub area: SelectionInput,
    /// Places to open.
    #[serde(default)]
    pub add: Vec<NewPlace>,
    /// Ids of places to close.
    #[serde(default)]
    pub remove: Vec<String>,
    /// Roads to close.
    #[serde(default)]
    pub close: Option<CloseInput>,
    /// The indicators' parameters, as `/api/coverage` takes them.
    #[serde(flatten)]
    pub params: CoverageInput,
}

/// A checked scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioRequest {
    pub selection: Selection,
    pub add: Vec<NewPlace>,
    pub remove: Vec<String>,
    pub close: Option<Closure>,
    pub params: CoverageParams,
}

impl ScenarioInput {
    /// Checks every value; staleness is judged at `as_of`, or `today` when absent; a closure
    /// within `caps`.
    pub fn check(
        self,
        today: NaiveDate,
        caps: &ClosureCaps,
    ) -> Result<ScenarioRequest, RequestError> {
        if self.add.is_empty() && self.remove.is_empty() && self.close.is_none() {
            return Err(RequestError::new(
                "add",
                "a scenario that adds or removes one place, or closes roads, at least",
            )
            .got_text("neither add, remove nor close"));
        }
        for (n, p) in self.add.iter().enumerate() {
            if !valid_lon_lat(p.lon, p.lat) {
                return Err(RequestError::new(
                    "add",
                    "places at WGS84 positions (lon -180 to 180, lat -90 to 90)",
                )
                .got_text(format!("add[{n}] at lon {}, lat {}", p.lon, p.lat)));
            }
            if let Some(h) = p
                .weekly_hours
                .filter(|h| !(h.is_finite() && *h > 0.0 && *h <= WEEK_HOURS))
            {
                return Err(RequestError::new(
                    "add",
                    format!("weekly_hours more than 0 and at most {WEEK_HOURS}"),
                )
                .got_text(format!("add[{n}].weekly_hours {h}")));
            }
        }
        Ok(ScenarioRequest {
            selection: self.area.check(SelectionRule::OneArea)?,
            params: self.params.check(today)?,
            add: self.add,
            remove: self.remove,
            close: self.close.map(|c| c.check(caps)).transpose()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::closure::tests::CAPS;
    use super::*;
    use serde_json::json;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
    }

    fn body(v: serde_json::Value) -> Result<ScenarioRequest, RequestError> {
        serde_json::from_value::<ScenarioInput>(v)
            .unwrap()
            .check(today(), &CAPS)
    }

    #[test]
    fn a_scenario_with_its_parameters() {
        let r = body(
            json!({"departement": "15", "add": [{"lon": 2.5, "lat": 45.0}],
            "minutes": [15], "gap_minutes": 15, "catchment": 20}),
        )
        .unwrap();
        assert_eq!(r.selection, Selection::Departement("15".into()));
        assert_eq!(r.add.len(), 1);
        assert_eq!((r.params.minutes, r.params.gap_minutes), (vec![15], 15));
        assert_eq!(r.params.catchment_minutes, 20.0);
        let r = body(json!({"region": "84", "remove": ["x"]})).unwrap();
        assert_eq!(r.params, CoverageParams::defaults(today()));
        assert_eq!(r.close, None);
        // Closing roads alone is a scenario.
        let r = body(json!({"departement": "15", "close": {"at": [[2.5, 45.0]]}})).unwrap();
        assert_eq!(r.close.unwrap().at, vec![[2.5, 45.0]]);
    }

    #[test]
    fn each_bad_value_names_its_parameter() {
        let one = json!([{"lon": 2.5, "lat": 45.0}]);
        for (v, parameter) in [
            (json!({"departement": "15"}), "add"),
            (
                json!({"departement": "15", "add": [{"lon": 300, "lat": 45}]}),
                "add",
            ),
            (
                json!({"departement": "15", "add": [{"lon": 2, "lat": 45, "weekly_hours": 0}]}),
                "add",
            ),
            (json!({"add": one}), "departement"),
            (json!({"departement": "15", "close": {}}), "close"),
            (
                json!({"departement": "15", "close": {"at": [[2, 95]]}}),
                "close.at",
            ),
            (
                json!({"departement": "15", "add": one, "minutes": [0]}),
                "minutes",
            ),
            (
                json!({"departement": "15", "add": one, "gap_minutes": 0}),
                "gap_minutes",
            ),
            (
                json!({"departement": "15", "add": one, "zones": [2]}),
                "zones",
            ),
            (
                json!({"departement": "15", "add": one, "supply": "x"}),
                "supply",
            ),
            (json!({"departement": "15", "add": one, "beta": -1}), "beta"),
            (
                json!({"departement": "15", "add": one, "catchment": 0}),
                "catchment",
            ),
            (
                json!({"departement": "15", "add": one, "model": "x"}),
                "model",
            ),
            (
                json!({"departement": "15", "add": one, "as_of": "x"}),
                "as_of",
            ),
        ] {
            assert_eq!(body(v.clone()).unwrap_err().parameter, parameter, "{v}");
        }
    }
}
