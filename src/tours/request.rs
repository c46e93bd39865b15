//! A tour plan as users ask it — `maillage tours plan` flags, `POST /api/tours/plan` bodies —
//! read and checked once. Every impossible constraint (a window shorter than the visit, a
//! break outside the working hours, a rhythm the horizon cannot hold) is refused here, naming
//! the field and what would have been accepted.

use super::clock::{Clock, Span};
use super::frequency::Frequency;
use super::instance::StopSpec;
use super::weekday::Weekday;
use crate::coverage::request::{departement_code, model_choice};
use crate::coverage::ModelChoice;
use crate::request::RequestError;
use crate::spatial::geodesy::valid_lon_lat;
use serde::Deserialize;
use std::time::Duration;

/// Most units one plan may hold.
pub const MAX_UNITS: usize = 10;
/// Most candidate stops one plan may weigh.
pub const MAX_CANDIDATES: usize = 300;
/// Longest horizon, weeks.
pub const MAX_HORIZON_WEEKS: usize = 12;
/// Longest threshold T, minutes.
pub const MAX_MINUTES: u32 = crate::coverage::params::MAX_HORIZON_MINUTES;
/// Longest search after the first timetable, seconds.
pub const MAX_SEARCH_SECONDS: f64 = 20.0;

/// One candidate stop as given.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CandidateInput {
    /// Default: `c1`, `c2`… in the order given.
    pub id: Option<String>,
    pub name: Option<String>,
    /// INSEE code of its commune.
    pub commune: Option<String>,
    /// `[lon, lat]`.
    pub point: [f64; 2],
    pub frequency: Option<String>,
    pub visit_minutes: Option<u32>,
    /// `["HH:MM", "HH:MM"]`: the visit starts and ends within it.
    pub window: Option<Vec<String>>,
    /// An existing stop the plan must keep.
    pub keep: Option<bool>,
}

/// The plan as given, before checks (the JSON body of `POST /api/tours/plan`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TourInput {
    pub departement: Option<String>,
    /// How many units to plan (each leaving from `depot`).
    pub units: Option<usize>,
    /// Imported mobile units to plan, from their depots.
    pub unit_ids: Option<Vec<String>>,
    /// `[lon, lat]`; default: the département's préfecture.
    pub depot: Option<[f64; 2]>,
    pub horizon_weeks: Option<usize>,
    /// Desired frequency of the stops that do not say theirs.
    pub frequency: Option<String>,
    pub visit_minutes: Option<u32>,
    /// T: a person is reached within T minutes of a regular stop.
    pub minutes: Option<u32>,
    pub working_hours: Option<Vec<String>>,
    #[serde(rename = "break")]
    pub lunch: Option<Vec<String>>,
    pub max_driving_minutes: Option<u32>,
    pub working_days: Option<Vec<String>>,
    pub candidates: Option<Vec<CandidateInput>>,
    /// `auto`, `road` or `crow-fly`.
    pub model: Option<String>,
    /// Search time after the first timetable, seconds (default 2).
    pub search_seconds: Option<f64>,
}

/// Which units to plan.
#[derive(Debug, Clone, PartialEq)]
pub enum UnitsWanted {
    /// `n` new units leaving from the depot.
    Count(usize),
    /// Imported units, by id.
    Ids(Vec<String>),
}

/// A checked plan request.
#[derive(Debug, Clone, PartialEq)]
pub struct TourRequest {
    pub departement: Option<String>,
    pub units: UnitsWanted,
    pub depot: Option<[f64; 2]>,
    pub horizon_weeks: usize,
    pub frequency: Frequency,
    pub visit_s: f64,
    pub minutes: u32,
    pub hours: Span,
    pub lunch: Option<Span>,
    pub max_driving_s: f64,
    pub working_days: Vec<Weekday>,
    /// `None`: the gap communes of the département.
    pub candidates: Option<Vec<StopSpec>>,
    pub model: ModelChoice,
    pub search: Duration,
}

fn span(field: &str, pair: &[String]) -> Result<Span, RequestError> {
    Span::parse(pair).ok_or_else(|| {
        RequestError::new(
            field,
            "two times of day [\"HH:MM\", \"HH:MM\"], the first earlier",
        )
        .got(pair)
    })
}

fn hm(s: f64) -> String {
    format!("{} min", (s / 60.0).round())
}

impl TourInput {
    /// Checks every value and every constraint that no plan could meet.
    pub fn check(self) -> Result<TourRequest, RequestError> {
        let departement = self
            .departement
            .as_deref()
            .map(departement_code)
            .transpose()?;
        if departement.is_none() && self.candidates.is_none() {
            return Err(RequestError::new(
                "departement",
                "a département (or a list of candidates)",
            )
            .got_text("neither"));
        }
        let units = match (self.units, self.unit_ids) {
            (Some(_), Some(_)) => {
                return Err(
                    RequestError::new("units", "either units or unit_ids, not both")
                        .got_text("both"),
                )
            }
            (_, Some(ids)) if ids.is_empty() || ids.len() > MAX_UNITS => {
                return Err(
                    RequestError::new("unit_ids", format!("1 to {MAX_UNITS} unit ids"))
                        .got(ids.len()),
                )
            }
            (_, Some(ids)) => {
                if let Some(i) = (1..ids.len()).find(|&i| ids[..i].contains(&ids[i])) {
                    return Err(RequestError::new(
                        format!("unit_ids[{i}]"),
                        "each unit once (unique unit ids)",
                    )
                    .got_text(&ids[i]));
                }
                UnitsWanted::Ids(ids)
            }
            (Some(n), None) if n == 0 || n > MAX_UNITS => {
                return Err(RequestError::new(
                    "units",
                    format!("a number of units from 1 to {MAX_UNITS}"),
                )
                .got(n))
            }
            (n, None) => UnitsWanted::Count(n.unwrap_or(1)),
        };
        if let Some([lon, lat]) = self.depot {
            if !valid_lon_lat(lon, lat) {
                return Err(RequestError::new("depot", "[lon, lat] in WGS84").got([lon, lat]));
            }
        }
        let horizon_weeks = self.horizon_weeks.unwrap_or(4);
        if horizon_weeks == 0 || horizon_weeks > MAX_HORIZON_WEEKS {
            return Err(RequestError::new(
                "horizon_weeks",
                format!("a number of weeks from 1 to {MAX_HORIZON_WEEKS}"),
            )
            .got(horizon_weeks));
        }
        let frequency = match self.frequency.as_deref() {
            None => Frequency::Weekly,
            Some(f) => Frequency::parse(f).ok_or_else(|| {
                RequestError::new("frequency", "weekly, fortnightly or monthly").got(f)
            })?,
        };
        let visit_minutes = self.visit_minutes.unwrap_or(120);
        if !(5..=600).contains(&visit_minutes) {
            return Err(RequestError::new("visit_minutes", "5 to 600 minutes").got(visit_minutes));
        }
        let minutes = self.minutes.unwrap_or(30);
        if minutes == 0 || minutes > MAX_MINUTES {
            return Err(
                RequestError::new("minutes", format!("1 to {MAX_MINUTES} minutes")).got(minutes),
            );
        }
        let hours = match &self.working_hours {
            Some(pair) => span("working_hours", pair)?,
            None => Span {
                start: Clock::hm(9, 0),
                end: Clock::hm(17, 0),
            },
        };
        let lunch = match &self.lunch {
            Some(pair) if pair.is_empty() => None,
            Some(pair) => Some(span("break", pair)?),
            None => Some(Span {
                start: Clock::hm(12, 0),
                end: Clock::hm(13, 30),
            }),
        };
        if let Some(b) = lunch {
            if b.start.0 < hours.start.0 || b.end.0 > hours.end.0 {
                return Err(RequestError::new(
                    "break",
                    format!(
                        "a break within the working hours {}–{}",
                        hours.start, hours.end
                    ),
                )
                .got_text(format!("{}–{}", b.start, b.end)));
            }
        }
        let max_driving = self.max_driving_minutes.unwrap_or(240);
        if max_driving == 0 || max_driving > 720 {
            return Err(
                RequestError::new("max_driving_minutes", "1 to 720 minutes").got(max_driving)
            );
        }
        let working_days = match &self.working_days {
            None => Weekday::ALL[..5].to_vec(),
            Some(days) => {
                let mut out: Vec<Weekday> = Vec::new();
                for d in days {
                    let day = Weekday::parse(d).ok_or_else(|| {
                        RequestError::new("working_days", "days among mo, tu, we, th, fr, sa, su")
                            .got(d)
                    })?;
                    if !out.contains(&day) {
                        out.push(day);
                    }
                }
                if out.is_empty() {
                    return Err(
                        RequestError::new("working_days", "one working day at least")
                            .got_text("none"),
                    );
                }
                out.sort();
                out
            }
        };
        let search_seconds = self.search_seconds.unwrap_or(2.0);
        if !(0.0..=MAX_SEARCH_SECONDS).contains(&search_seconds) {
            return Err(RequestError::over_cap(
                "search_seconds",
                format!("0 to {MAX_SEARCH_SECONDS} seconds"),
            )
            .got(search_seconds));
        }
        let day = Day { hours, lunch };
        let candidates = match self.candidates {
            None => None,
            Some(list) => Some(check_candidates(list, frequency, visit_minutes, &day)?),
        };
        let req = TourRequest {
            departement,
            units,
            depot: self.depot,
            horizon_weeks,
            frequency,
            visit_s: f64::from(visit_minutes) * 60.0,
            minutes,
            hours,
            lunch,
            max_driving_s: f64::from(max_driving) * 60.0,
            working_days,
            candidates,
            model: model_choice(self.model.as_deref())?,
            search: Duration::from_secs_f64(search_seconds),
        };
        req.check_stops(req.candidates.as_deref().unwrap_or(&[]), "candidates")?;
        day.fits(visit_minutes, "visit_minutes")?;
        Ok(req)
    }
}

/// The working day, to judge whether a visit can fit in it at all.
struct Day {
    hours: Span,
    lunch: Option<Span>,
}

impl Day {
    /// The longest time, in seconds, that `window` leaves for a visit inside the working hours
    /// and outside the break (a visit does not straddle the break).
    fn longest_stretch_in(&self, window: Span) -> f64 {
        let start = window.start.0.max(self.hours.start.0);
        let end = window.end.0.min(self.hours.end.0);
        let stretch = |a: f64, b: f64| (b - a).max(0.0);
        match self.lunch {
            Some(b) => stretch(start, end.min(b.start.0)).max(stretch(start.max(b.end.0), end)),
            None => stretch(start, end),
        }
    }

    /// Whether a visit of `minutes` fits in the working hours before or after the break.
    fn fits(&self, minutes: u32, field: &str) -> Result<(), RequestError> {
        let v = f64::from(minutes) * 60.0;
        let longest = match self.lunch {
            Some(b) => (b.start.0 - self.hours.start.0).max(self.hours.end.0 - b.end.0),
            None => self.hours.seconds(),
        };
        if v > longest {
            return Err(RequestError::new(
                field,
                format!(
                    "a visit that fits between the start of the day, the break and the end of the day (at most {})",
                    hm(longest)
                ),
            )
            .got(minutes));
        }
        Ok(())
    }
}

fn check_candidates(
    list: Vec<CandidateInput>,
    frequency: Frequency,
    visit_minutes: u32,
    day: &Day,
) -> Result<Vec<StopSpec>, RequestError> {
    if list.is_empty() {
        return Err(
            RequestError::new("candidates", "one candidate stop at least").got_text("none"),
        );
    }
    if list.len() > MAX_CANDIDATES {
        return Err(RequestError::over_cap(
            "candidates",
            format!("at most {MAX_CANDIDATES} candidate stops (a cap on the work of one request)"),
        )
        .got(list.len()));
    }
    let mut out: Vec<StopSpec> = Vec::with_capacity(list.len());
    for (i, c) in list.into_iter().enumerate() {
        let field = |f: &str| format!("candidates[{i}].{f}");
        let id = c.id.unwrap_or_else(|| format!("c{}", i + 1));
        if id.trim().is_empty() || out.iter().any(|s| s.id == id) {
            return Err(RequestError::new(field("id"), "a unique, non-empty id").got(id));
        }
        let [lon, lat] = c.point;
        if !valid_lon_lat(lon, lat) {
            return Err(RequestError::new(field("point"), "[lon, lat] in WGS84").got(c.point));
        }
        let frequency = match c.frequency.as_deref() {
            None => frequency,
            Some(f) => Frequency::parse(f).ok_or_else(|| {
                RequestError::new(field("frequency"), "weekly, fortnightly or monthly").got(f)
            })?,
        };
        let visit = c.visit_minutes.unwrap_or(visit_minutes);
        if !(5..=600).contains(&visit) {
            return Err(RequestError::new(field("visit_minutes"), "5 to 600 minutes").got(visit));
        }
        day.fits(visit, &field("visit_minutes"))?;
        let window = match &c.window {
            None => None,
            Some(pair) => {
                let w = span(&field("window"), pair)?;
                let v = f64::from(visit) * 60.0;
                if w.seconds() < v {
                    return Err(RequestError::new(
                        field("window"),
                        format!("a window at least as long as the visit ({visit} min)"),
                    )
                    .got_text(format!(
                        "{}–{} ({})",
                        w.start,
                        w.end,
                        hm(w.seconds())
                    )));
                }
                if day.longest_stretch_in(w) < v {
                    let expected = match day.lunch {
                        Some(b) => format!(
                            "a window holding the visit ({visit} min) within the working hours {}–{} and outside the break {}–{}",
                            day.hours.start, day.hours.end, b.start, b.end
                        ),
                        None => format!(
                            "a window holding the visit ({visit} min) within the working hours {}–{}",
                            day.hours.start, day.hours.end
                        ),
                    };
                    return Err(RequestError::new(field("window"), expected)
                        .got_text(format!("{}–{}", w.start, w.end)));
                }
                Some(w)
            }
        };
        out.push(StopSpec {
            name: c.name.unwrap_or_else(|| id.clone()),
            id,
            commune: c.commune.unwrap_or_default(),
            point: c.point,
            visit_s: f64::from(visit) * 60.0,
            frequency,
            window,
            keep: c.keep.unwrap_or(false),
        });
    }
    Ok(out)
}

impl TourRequest {
    /// Refuses stops whose rhythm the horizon cannot repeat: fortnightly stops need an even
    /// number of weeks, monthly ones a multiple of 4. `what` names the list in errors.
    pub fn check_stops(&self, stops: &[StopSpec], what: &str) -> Result<(), RequestError> {
        for (i, s) in stops.iter().enumerate() {
            let cycle = s.frequency.cycle_weeks();
            if !self.horizon_weeks.is_multiple_of(cycle) {
                return Err(RequestError::new(
                    "horizon_weeks",
                    format!(
                        "a multiple of {cycle} weeks, so that the {} stop {what}[{i}] ({}) repeats in the cycle",
                        s.frequency.name(),
                        s.id
                    ),
                )
                .got(self.horizon_weeks));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(v: serde_json::Value) -> Result<TourRequest, RequestError> {
        serde_json::from_value::<TourInput>(v).unwrap().check()
    }

    #[test]
    fn defaults_follow_the_contract() {
        let r = check(json!({"departement": "19"})).unwrap();
        assert_eq!(r.units, UnitsWanted::Count(1));
        assert_eq!(r.horizon_weeks, 4);
        assert_eq!(r.visit_s, 7200.0);
        assert_eq!(r.minutes, 30);
        assert_eq!(r.working_days.len(), 5);
        assert_eq!(r.max_driving_s, 4.0 * 3600.0);
    }

    #[test]
    fn each_impossible_constraint_names_its_field() {
        for (v, parameter) in [
            (json!({}), "departement"),
            (json!({"departement": "999"}), "departement"),
            (json!({"departement": "19", "units": 0}), "units"),
            (
                json!({"departement": "19", "units": 2, "unit_ids": ["a"]}),
                "units",
            ),
            (
                json!({"departement": "19", "horizon_weeks": 0}),
                "horizon_weeks",
            ),
            (
                json!({"departement": "19", "frequency": "daily"}),
                "frequency",
            ),
            (
                json!({"departement": "19", "break": ["08:00", "09:30"]}),
                "break",
            ),
            (
                json!({"departement": "19", "working_hours": ["17:00", "09:00"]}),
                "working_hours",
            ),
            (
                json!({"departement": "19", "working_days": ["xx"]}),
                "working_days",
            ),
            (
                json!({"departement": "19", "visit_minutes": 300}),
                "visit_minutes",
            ),
            (json!({"departement": "19", "depot": [200, 45]}), "depot"),
            (
                json!({"departement": "19", "candidates": [{"point": [1.8, 45.3], "window": ["09:00", "10:00"]}]}),
                "candidates[0].window",
            ),
            (
                json!({"departement": "19", "candidates": [{"point": [1.8, 45.3], "window": ["07:00", "09:30"]}]}),
                "candidates[0].window",
            ),
            (
                json!({"departement": "19", "visit_minutes": 60, "candidates": [{"point": [1.8, 45.3], "window": ["12:00", "13:30"]}]}),
                "candidates[0].window",
            ),
            (
                json!({"departement": "19", "visit_minutes": 60, "candidates": [{"point": [1.8, 45.3], "window": ["11:30", "13:15"]}]}),
                "candidates[0].window",
            ),
            (
                json!({"departement": "19", "candidates": [{"id": "a", "point": [1.8, 45.3]}, {"id": "a", "point": [1.9, 45.3]}]}),
                "candidates[1].id",
            ),
            (
                json!({"departement": "19", "horizon_weeks": 3, "candidates": [{"point": [1.8, 45.3], "frequency": "fortnightly"}]}),
                "horizon_weeks",
            ),
        ] {
            assert_eq!(check(v.clone()).unwrap_err().parameter, parameter, "{v}");
        }
        let e =
            check(json!({"candidates": [{"point": [1.8, 45.3], "window": ["09:00", "10:00"]}]}))
                .unwrap_err();
        assert!(
            e.detail()
                .contains("at least as long as the visit (120 min)"),
            "{}",
            e.detail()
        );
        assert!(
            e.detail().contains("09:00–10:00 (60 min)"),
            "{}",
            e.detail()
        );
    }
}
