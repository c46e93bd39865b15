//! Query-string parsing with problem answers that name the parameter and what was expected.

use super::Problem;
use crate::coverage::request::departement_code;
use crate::model::{Frais, InseeCode, Itinerance, Service};
use crate::request::TextSource;
use crate::spatial::geodesy::valid_lon_lat;
use std::collections::HashMap;

/// The raw query parameters of one request, checked against the names an endpoint knows.
pub struct Params(HashMap<String, String>);

/// Typed requests read query strings as they read command lines.
impl TextSource for Params {
    fn text(&self, name: &str) -> Option<&str> {
        self.get(name)
    }
}

impl Params {
    /// Rejects parameters the endpoint does not know (a typo should not be silently ignored).
    pub fn new(raw: HashMap<String, String>, known: &[&str]) -> Result<Params, Problem> {
        if let Some(k) = raw.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(Problem::bad_parameter(
                k,
                format!(
                    "unknown parameter `{k}`; this endpoint takes: {}",
                    known.join(", ")
                ),
            ));
        }
        Ok(Params(raw))
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    pub fn required(&self, name: &str) -> Result<&str, Problem> {
        self.get(name)
            .ok_or_else(|| Problem::bad_parameter(name, format!("parameter `{name}` is required")))
    }

    pub fn f64_in(&self, name: &str, min: f64, max: f64) -> Result<Option<f64>, Problem> {
        let Some(v) = self.get(name) else {
            return Ok(None);
        };
        match v.parse::<f64>() {
            Ok(x) if x.is_finite() && (min..=max).contains(&x) => Ok(Some(x)),
            _ => Err(Problem::bad_parameter(
                name,
                format!("`{name}` must be a number between {min} and {max}, got {v:?}"),
            )),
        }
    }

    pub fn usize_in(
        &self,
        name: &str,
        min: usize,
        max: usize,
        default: usize,
    ) -> Result<usize, Problem> {
        let Some(v) = self.get(name) else {
            return Ok(default);
        };
        match v.parse::<usize>() {
            Ok(x) if (min..=max).contains(&x) => Ok(x),
            _ => Err(Problem::bad_parameter(
                name,
                format!("`{name}` must be a whole number from {min} to {max}, got {v:?}"),
            )),
        }
    }

    /// `lat` and `lon` as a WGS84 position (both required).
    pub fn lat_lon(&self) -> Result<(f64, f64), Problem> {
        let lat = self
            .f64_in("lat", -90.0, 90.0)?
            .ok_or_else(|| Problem::bad_parameter("lat", "parameter `lat` is required"))?;
        let lon = self
            .f64_in("lon", -180.0, 180.0)?
            .ok_or_else(|| Problem::bad_parameter("lon", "parameter `lon` is required"))?;
        Ok((lat, lon))
    }

    /// `bbox=west,south,east,north` in degrees.
    pub fn bbox(&self) -> Result<Option<[f64; 4]>, Problem> {
        let Some(v) = self.get("bbox") else {
            return Ok(None);
        };
        let bad = || {
            Problem::bad_parameter("bbox", format!("`bbox` must be west,south,east,north in degrees (west ≤ east, south ≤ north), got {v:?}"))
        };
        let parts: Vec<f64> = v
            .split(',')
            .map(|s| s.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| bad())?;
        let [w, s, e, n] = parts[..] else {
            return Err(bad());
        };
        if !valid_lon_lat(w, s) || !valid_lon_lat(e, n) || w > e || s > n {
            return Err(bad());
        }
        Ok(Some([w, s, e, n]))
    }

    pub fn insee(&self, name: &str) -> Result<Option<InseeCode>, Problem> {
        self.get(name)
            .map(|v| {
                InseeCode::parse(v)
                    .map_err(|e| Problem::bad_parameter(name, format!("`{name}`: {e}")))
            })
            .transpose()
    }

    /// A département code: `19`, `2A`, `971`.
    pub fn departement(&self) -> Result<Option<String>, Problem> {
        Ok(self.get("departement").map(departement_code).transpose()?)
    }

    /// A comma-separated list of labels of a vocabulary, matched without regard to case or accents.
    pub fn labels<T>(
        &self,
        name: &str,
        all: &[&str],
        from_label: fn(&str) -> T,
    ) -> Result<Vec<T>, Problem> {
        let Some(v) = self.get(name) else {
            return Ok(Vec::new());
        };
        v.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|item| {
                let f = crate::registry::fold(item);
                all.iter()
                    .find(|l| crate::registry::fold(l) == f)
                    .map(|l| from_label(l))
                    .ok_or_else(|| {
                        Problem::bad_parameter(
                            name,
                            format!(
                                "`{name}`: unknown value {item:?}; expected one of: {}",
                                all.join(" · ")
                            ),
                        )
                    })
            })
            .collect()
    }

    pub fn services(&self) -> Result<Vec<Service>, Problem> {
        self.labels("services", Service::LABELS, Service::from_label)
    }

    pub fn frais(&self) -> Result<Vec<Frais>, Problem> {
        self.labels("frais", Frais::LABELS, Frais::from_label)
    }

    pub fn itinerance(&self) -> Result<Option<Itinerance>, Problem> {
        let v = self.labels("itinerance", Itinerance::LABELS, Itinerance::from_label)?;
        match v.len() {
            0 => Ok(None),
            1 => Ok(v.into_iter().next()),
            _ => Err(Problem::bad_parameter(
                "itinerance",
                "`itinerance` takes one value: Fixe or Itinérant",
            )),
        }
    }
}
