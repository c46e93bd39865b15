//! Where to add sites: the question as given, checked into a [`SiteQuestion`] and its
//! selection and candidates.

use crate::coverage::request::{model_choice, SelectionInput, SelectionRule};
use crate::coverage::Selection;
use crate::planning::suggest::MAX_ADD;
use crate::planning::{Candidate, SiteQuestion};
use crate::request::{RequestError, TextParams, TextSource};
use crate::spatial::geodesy::valid_lon_lat;
use serde::Deserialize;

/// Travel-time threshold when none is given, minutes.
pub const DEFAULT_MINUTES: u32 = 30;
/// Longest threshold, minutes.
const MAX_MINUTES: u32 = crate::coverage::params::MAX_MINUTES;

/// A site plan as given, before checks. (serde cannot deny unknown fields next to a
/// flattened one.)
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct PlanInput {
    #[serde(flatten)]
    pub area: SelectionInput,
    /// Sites to add; absent: the fewest sites covering everyone.
    pub add: Option<usize>,
    /// Travel-time threshold, minutes (30 when absent).
    pub minutes: Option<u32>,
    /// Candidate points; absent: every commune's town hall.
    pub candidates: Option<Vec<Candidate>>,
    /// `auto`, `road` or `crow-fly`.
    pub model: Option<String>,
}

/// A checked site plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRequest {
    pub selection: Selection,
    pub question: SiteQuestion,
    /// `None`: every selected commune's town hall.
    pub candidates: Option<Vec<Candidate>>,
}

impl PlanInput {
    /// The selection, `add`, `minutes` and `model` given as text (candidates come from a
    /// file, read by the caller).
    pub fn from_text(src: &(impl TextSource + ?Sized)) -> Result<PlanInput, RequestError> {
        Ok(PlanInput {
            area: SelectionInput::from_text(src),
            add: src.value(
                "add",
                &format!("a whole number of sites from 1 to {MAX_ADD}"),
            )?,
            minutes: src.value(
                "minutes",
                &format!("a whole number of minutes from 1 to {MAX_MINUTES}"),
            )?,
            candidates: None,
            model: src.string("model"),
        })
    }

    /// Checks every value; `rule` says whether the selection may be left out.
    pub fn check(self, rule: SelectionRule) -> Result<PlanRequest, RequestError> {
        let selection = self.area.check(rule)?;
        let minutes = self.minutes.unwrap_or(DEFAULT_MINUTES);
        if !(1..=MAX_MINUTES).contains(&minutes) {
            return Err(RequestError::new(
                "minutes",
                format!("a whole number of minutes from 1 to {MAX_MINUTES}"),
            )
            .got(minutes.to_string()));
        }
        if let Some(n) = self.add.filter(|&n| n == 0 || n > MAX_ADD) {
            return Err(RequestError::new(
                "add",
                format!("a whole number of sites from 1 to {MAX_ADD}"),
            )
            .got(n.to_string()));
        }
        if let Some(c) = &self.candidates {
            if c.is_empty() {
                return Err(
                    RequestError::new("candidates", "one candidate point at least")
                        .got_text("none"),
                );
            }
            if let Some((i, c)) = c
                .iter()
                .enumerate()
                .find(|(_, c)| !valid_lon_lat(c.lon, c.lat))
            {
                return Err(RequestError::new(
                    "candidates",
                    "points at WGS84 positions (lon -180 to 180, lat -90 to 90)",
                )
                .got_text(format!("candidates[{i}] at lon {}, lat {}", c.lon, c.lat)));
            }
        }
        Ok(PlanRequest {
            selection,
            question: SiteQuestion {
                add: self.add,
                minutes,
                model: model_choice(self.model.as_deref())?,
            },
            candidates: self.candidates,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::ModelChoice;
    use serde_json::json;

    fn body(v: serde_json::Value) -> Result<PlanRequest, RequestError> {
        serde_json::from_value::<PlanInput>(v)
            .unwrap()
            .check(SelectionRule::OneArea)
    }

    #[test]
    fn defaults_and_values() {
        let r = body(json!({"departement": "15"})).unwrap();
        assert_eq!(r.selection, Selection::Departement("15".into()));
        assert_eq!(
            r.question,
            SiteQuestion {
                add: None,
                minutes: DEFAULT_MINUTES,
                model: ModelChoice::Auto
            }
        );
        let r = body(
            json!({"epci": "200066389", "add": 3, "minutes": 15, "model": "crow-fly",
            "candidates": [{"lon": 2.5, "lat": 45.0}]}),
        )
        .unwrap();
        assert_eq!(r.question.add, Some(3));
        assert_eq!(r.question.minutes, 15);
        assert_eq!(r.question.model, ModelChoice::CrowFly);
        assert_eq!(r.candidates.unwrap().len(), 1);
    }

    #[test]
    fn each_bad_value_names_its_parameter() {
        for (v, parameter) in [
            (json!({"departement": "15", "add": 0}), "add"),
            (json!({"departement": "15", "add": 101}), "add"),
            (json!({"departement": "15", "minutes": 0}), "minutes"),
            (json!({"departement": "15", "minutes": 241}), "minutes"),
            (json!({"departement": "15", "model": "bus"}), "model"),
            (json!({"departement": "15", "candidates": []}), "candidates"),
            (
                json!({"departement": "15", "candidates": [{"lon": 300, "lat": 45}]}),
                "candidates",
            ),
            (json!({"add": 2}), "departement"),
            (json!({"region": "8"}), "region"),
            (json!({"epci": "1"}), "epci"),
            (json!({"departement": "999"}), "departement"),
        ] {
            assert_eq!(body(v.clone()).unwrap_err().parameter, parameter, "{v}");
        }
    }

    #[test]
    fn text_and_body_agree() {
        let text: std::collections::HashMap<String, String> = [("departement", "15"), ("add", "0")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let from_text = PlanInput::from_text(&text)
            .unwrap()
            .check(SelectionRule::AllByDefault)
            .unwrap_err();
        assert_eq!(
            from_text,
            body(json!({"departement": "15", "add": 0})).unwrap_err()
        );
        let mut text = text;
        text.insert("add".into(), "two".into());
        assert_eq!(PlanInput::from_text(&text).unwrap_err().parameter, "add");
    }
}
