//! The indicators' parameters as given (text or JSON), checked into [`CoverageParams`].

use crate::coverage::{CoverageParams, ModelChoice, SupplyMeasure};
use crate::request::{RequestError, TextParams, TextSource};
use chrono::NaiveDate;
use serde::Deserialize;

/// The parameters every coverage question takes, by their API names (the command line spells
/// them `--gap-minutes`, `--as-of`).
pub const COVERAGE_PARAMETERS: [&str; 8] = [
    "minutes",
    "gap_minutes",
    "catchment",
    "zones",
    "supply",
    "beta",
    "model",
    "as_of",
];

const MINUTES_LIST: &str = "whole minutes separated by commas, like 15,20,30";
const WHOLE_MINUTES: &str = "a whole number of minutes from 1 to 240";
const NUMBER: &str = "a number";
const WEIGHTS: &str = "weights from 0 to 1 separated by commas, like 1,0.68,0.22";

/// The parameters as given, any of them absent (then DESIGN's default holds).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct CoverageInput {
    /// Thresholds for "population within T minutes".
    pub minutes: Option<Vec<u32>>,
    pub gap_minutes: Option<u32>,
    /// Floating catchment size, minutes.
    pub catchment: Option<f64>,
    /// E2SFCA weights of equal-width zones, nearest first.
    pub zones: Option<Vec<f64>>,
    /// `hours` or `one`.
    pub supply: Option<String>,
    pub beta: Option<f64>,
    /// `auto`, `road` or `crow-fly`.
    pub model: Option<String>,
    /// `YYYY-MM-DD`.
    pub as_of: Option<String>,
}

impl CoverageInput {
    /// Reads the parameters given as text (`minutes=15,30`, `--catchment 45`).
    pub fn from_text(src: &(impl TextSource + ?Sized)) -> Result<Self, RequestError> {
        Ok(CoverageInput {
            minutes: src.list("minutes", MINUTES_LIST)?,
            ..Self::from_text_but_minutes(src)?
        })
    }

    fn from_text_but_minutes(src: &(impl TextSource + ?Sized)) -> Result<Self, RequestError> {
        Ok(CoverageInput {
            minutes: None,
            gap_minutes: src.value("gap_minutes", WHOLE_MINUTES)?,
            catchment: src.value("catchment", NUMBER)?,
            zones: src.list("zones", WEIGHTS)?,
            supply: src.string("supply"),
            beta: src.value("beta", NUMBER)?,
            model: src.string("model"),
            as_of: src.string("as_of"),
        })
    }

    /// The checked parameters; staleness is judged at `as_of`, or at `today` when absent.
    pub fn check(self, today: NaiveDate) -> Result<CoverageParams, RequestError> {
        let as_of = match &self.as_of {
            None => today,
            Some(v) => v
                .trim()
                .parse()
                .map_err(|_| RequestError::new("as_of", "a date YYYY-MM-DD").got(v))?,
        };
        let mut p = CoverageParams::defaults(as_of);
        if let Some(minutes) = self.minutes {
            p.set_minutes(minutes);
        }
        if let Some(g) = self.gap_minutes {
            p.gap_minutes = g;
        }
        if let Some(c) = self.catchment {
            p.catchment_minutes = c;
        }
        if let Some(w) = &self.zones {
            p.set_zone_weights(w)?;
        }
        if let Some(b) = self.beta {
            p.gravity_beta = b;
        }
        p.supply = match self.supply.as_deref().map(str::trim) {
            None | Some("hours") => SupplyMeasure::WeeklyHours,
            Some("one") => SupplyMeasure::One,
            Some(v) => return Err(RequestError::new("supply", "hours or one").got(v)),
        };
        p.model = model_choice(self.model.as_deref())?;
        p.validate()?;
        Ok(p)
    }
}

/// `/api/gaps`' reading, where `minutes` is the gap threshold (one value, a synonym of
/// `gap_minutes`) and the only threshold reported.
pub fn gaps_from_text(src: &(impl TextSource + ?Sized)) -> Result<CoverageInput, RequestError> {
    let mut input = CoverageInput::from_text_but_minutes(src)?;
    let minutes: Option<u32> = src.value("minutes", WHOLE_MINUTES)?;
    if minutes.is_some() && input.gap_minutes.is_some() {
        return Err(RequestError::new(
            "gap_minutes",
            "`minutes` (the gap threshold here) or `gap_minutes`, not both",
        ));
    }
    let (name, threshold) = match (minutes, input.gap_minutes) {
        (Some(m), _) => ("minutes", m),
        (None, Some(g)) => ("gap_minutes", g),
        (None, None) => return Ok(input),
    };
    if !(1..=crate::coverage::params::MAX_MINUTES).contains(&threshold) {
        return Err(RequestError::new(name, WHOLE_MINUTES).got(threshold.to_string()));
    }
    input.gap_minutes = Some(threshold);
    input.minutes = Some(vec![threshold]);
    Ok(input)
}

/// The `model` parameter: `auto` (the default), `road` or `crow-fly`.
pub fn model_choice(text: Option<&str>) -> Result<ModelChoice, RequestError> {
    match text.map(str::trim) {
        None | Some("auto") => Ok(ModelChoice::Auto),
        Some("road") => Ok(ModelChoice::Road),
        Some("crow-fly") => Ok(ModelChoice::CrowFly),
        Some(v) => Err(RequestError::new("model", "auto, road or crow-fly").got(v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn text(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
    }

    fn checked(pairs: &[(&str, &str)]) -> Result<CoverageParams, RequestError> {
        CoverageInput::from_text(&text(pairs))?.check(today())
    }

    #[test]
    fn nothing_given_is_design_defaults() {
        assert_eq!(checked(&[]), Ok(CoverageParams::defaults(today())));
    }

    #[test]
    fn every_parameter_is_read() {
        let p = checked(&[
            ("minutes", "30, 10,10"),
            ("gap_minutes", "45"),
            ("catchment", "20.5"),
            ("zones", "1,0.5"),
            ("supply", "one"),
            ("beta", "2"),
            ("model", "crow-fly"),
            ("as_of", "2025-01-31"),
        ])
        .unwrap();
        assert_eq!(p.minutes, vec![10, 30]);
        assert_eq!(p.gap_minutes, 45);
        assert_eq!(p.catchment_minutes, 20.5);
        assert_eq!(p.zones, vec![(0.5, 1.0), (1.0, 0.5)]);
        assert_eq!(p.supply, SupplyMeasure::One);
        assert_eq!(p.gravity_beta, 2.0);
        assert_eq!(p.model, ModelChoice::CrowFly);
        assert_eq!(p.as_of, NaiveDate::from_ymd_opt(2025, 1, 31).unwrap());
    }

    #[test]
    fn each_bad_value_names_its_parameter() {
        for (name, value) in [
            ("minutes", "abc"),
            ("minutes", "0"),
            ("minutes", "15,241"),
            ("minutes", "15,-3"),
            ("gap_minutes", "0"),
            ("gap_minutes", "241"),
            ("gap_minutes", "1.5"),
            ("catchment", "-3"),
            ("catchment", "0"),
            ("catchment", "241"),
            ("catchment", "NaN"),
            ("catchment", "soon"),
            ("zones", "1,abc"),
            ("zones", "1,2"),
            ("zones", "1,-0.1"),
            ("supply", "gold"),
            ("beta", "-1"),
            ("beta", "11"),
            ("beta", "inf"),
            ("model", "bus"),
            ("as_of", "yesterday"),
            ("as_of", "2025-02-30"),
        ] {
            let e = checked(&[(name, value)]).unwrap_err();
            assert_eq!(e.parameter, name, "{name}={value}: {e}");
            assert!(!e.expected.is_empty() && e.got.is_some(), "{e}");
        }
    }

    #[test]
    fn json_bodies_get_the_same_verdicts_as_text() {
        for (name, text_value, json_value) in [
            ("minutes", "0", serde_json::json!([0])),
            ("gap_minutes", "300", serde_json::json!(300)),
            ("catchment", "-1", serde_json::json!(-1.0)),
            ("zones", "1,2", serde_json::json!([1, 2])),
            ("beta", "12", serde_json::json!(12)),
            ("supply", "gold", serde_json::json!("gold")),
            ("model", "bus", serde_json::json!("bus")),
            ("as_of", "never", serde_json::json!("never")),
        ] {
            let from_text = checked(&[(name, text_value)]).unwrap_err();
            let body: CoverageInput =
                serde_json::from_value(serde_json::json!({ name: json_value })).unwrap();
            assert_eq!(body.check(today()).unwrap_err(), from_text, "{name}");
        }
    }

    #[test]
    fn gaps_read_minutes_as_the_gap_threshold() {
        let gaps = |pairs: &[(&str, &str)]| gaps_from_text(&text(pairs));
        let p = gaps(&[("minutes", "20")]).unwrap().check(today()).unwrap();
        assert_eq!((p.minutes, p.gap_minutes), (vec![20], 20));
        let p = gaps(&[("gap_minutes", "45")])
            .unwrap()
            .check(today())
            .unwrap();
        assert_eq!((p.minutes, p.gap_minutes), (vec![45], 45));
        let p = gaps(&[]).unwrap().check(today()).unwrap();
        assert_eq!(p, CoverageParams::defaults(today()));
        for (pairs, parameter) in [
            (&[("minutes", "soon")][..], "minutes"),
            (&[("minutes", "0")], "minutes"),
            (&[("gap_minutes", "0")], "gap_minutes"),
            (&[("minutes", "20"), ("gap_minutes", "30")], "gap_minutes"),
        ] {
            assert_eq!(gaps(pairs).unwrap_err().parameter, parameter, "{pairs:?}");
        }
    }
}
