//! Roads a scenario closes, as given (`close` in `POST /api/scenarios`): points, each closing
//! the road segment nearest to it, and an area closing every segment that crosses it; checked
//! against the caps on the work one request may ask for.

use crate::request::RequestError;
use crate::spatial::geodesy::valid_lon_lat;
use geo::{ChamberlainDuquetteArea, CoordsIter, MultiPolygon};
use serde::Deserialize;

/// The most a closure may ask for (the server's values are in `api::limits`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClosureCaps {
    /// Points in `close.at`.
    pub max_points: usize,
    /// Positions of the `close.polygon` rings, all together.
    pub max_vertices: usize,
    /// Area of `close.polygon`, km².
    pub max_area_km2: f64,
    /// Road segments one request may close.
    pub max_segments: usize,
}

/// `close` as given.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseInput {
    /// `[lon, lat]` points: the road segment nearest to each (both directions) is closed.
    #[serde(default)]
    pub at: Vec<[f64; 2]>,
    /// A GeoJSON Polygon or MultiPolygon: every road segment crossing it is closed.
    #[serde(default)]
    pub polygon: Option<geojson::Geometry>,
}

/// A checked closure, not yet applied to a road network.
#[derive(Debug, Clone, PartialEq)]
pub struct Closure {
    pub at: Vec<[f64; 2]>,
    pub area: Option<MultiPolygon<f64>>,
}

impl CloseInput {
    /// Checks positions, the polygon's rings and topology, and the caps.
    pub fn check(self, caps: &ClosureCaps) -> Result<Closure, RequestError> {
        if self.at.is_empty() && self.polygon.is_none() {
            return Err(RequestError::new(
                "close",
                "at (points on the roads to close) or polygon (an area whose roads close)",
            )
            .got_text("neither"));
        }
        at_most("close.at", self.at.len(), caps.max_points, "points")?;
        if let Some((n, p)) = self
            .at
            .iter()
            .enumerate()
            .find(|(_, p)| !valid_lon_lat(p[0], p[1]))
        {
            return Err(RequestError::new(
                "close.at",
                "[lon, lat] points in WGS84 (lon -180 to 180, lat -90 to 90)",
            )
            .got_text(format!("close.at[{n}] = [{}, {}]", p[0], p[1])));
        }
        let area = self.polygon.map(|g| area(g, caps)).transpose()?;
        Ok(Closure { at: self.at, area })
    }
}

/// Refuses `count` `things` in `parameter` above `cap` (a cap on the work of one request).
fn at_most(parameter: &str, count: usize, cap: usize, things: &str) -> Result<(), RequestError> {
    if count > cap {
        return Err(
            RequestError::over_cap(parameter, format!("at most {cap} {things}"))
                .got_text(format!("{count} {things}")),
        );
    }
    Ok(())
}

fn area(g: geojson::Geometry, caps: &ClosureCaps) -> Result<MultiPolygon<f64>, RequestError> {
    let bad = |why: String| {
        RequestError::new(
            "close.polygon",
            "a GeoJSON Polygon or MultiPolygon with closed rings of WGS84 positions",
        )
        .got_text(why)
    };
    use geojson::GeometryValue as V;
    if !matches!(g.value, V::Polygon { .. } | V::MultiPolygon { .. }) {
        return Err(bad(format!("a {}", g.value.type_name())));
    }
    crate::ingest::geometry::check_written(&g.value).map_err(bad)?;
    let shape: MultiPolygon<f64> = match geo::Geometry::<f64>::try_from(g) {
        Ok(geo::Geometry::Polygon(p)) => MultiPolygon(vec![p]),
        Ok(geo::Geometry::MultiPolygon(m)) => m,
        Ok(_) => return Err(bad("another geometry".into())),
        Err(e) => return Err(bad(e.to_string())),
    };
    at_most(
        "close.polygon",
        shape.coords_count(),
        caps.max_vertices,
        "positions",
    )?;
    let shape = match crate::ingest::geometry::check_topology(shape).map_err(bad)? {
        crate::ingest::geometry::ShapeCheck::Valid(s) => s,
        crate::ingest::geometry::ShapeCheck::Repaired(s, _) => s,
    };
    let km2 = shape.chamberlain_duquette_unsigned_area() / 1e6;
    if km2 > caps.max_area_km2 {
        return Err(RequestError::over_cap(
            "close.polygon",
            format!("an area of at most {} km²", caps.max_area_km2),
        )
        .got_text(format!("{km2:.0} km²")));
    }
    Ok(shape)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use serde_json::json;

    /// Small caps for the tests of this module and of the scenarios that hold a closure.
    pub(in crate::planning::request) const CAPS: ClosureCaps = ClosureCaps {
        max_points: 3,
        max_vertices: 20,
        max_area_km2: 100.0,
        max_segments: 1000,
    };

    fn check(v: serde_json::Value) -> Result<Closure, RequestError> {
        serde_json::from_value::<CloseInput>(v)
            .unwrap()
            .check(&CAPS)
    }

    fn square(side_deg: f64) -> serde_json::Value {
        json!({"type": "Polygon", "coordinates": [[[2.0, 45.0], [2.0 + side_deg, 45.0],
            [2.0 + side_deg, 45.0 + side_deg], [2.0, 45.0 + side_deg], [2.0, 45.0]]]})
    }

    #[test]
    fn points_and_an_area() {
        let c = check(json!({"at": [[2.5, 45.0]], "polygon": square(0.01)})).unwrap();
        assert_eq!(c.at, vec![[2.5, 45.0]]);
        assert_eq!(c.area.unwrap().0.len(), 1);
    }

    #[test]
    fn each_fault_names_its_field() {
        for (v, parameter, over_cap) in [
            (json!({}), "close", false),
            (json!({"at": [[200.0, 45.0]]}), "close.at", false),
            (
                json!({"at": [[2, 45], [2, 45], [2, 45], [2, 45]]}),
                "close.at",
                true,
            ),
            (
                json!({"polygon": {"type": "Point", "coordinates": [2, 45]}}),
                "close.polygon",
                false,
            ),
            (
                json!({"polygon": {"type": "Polygon", "coordinates": [[[2, 45], [3, 45], [2, 46]]]}}),
                "close.polygon",
                false,
            ),
            // 1° × 1° is about 8,800 km² at 45° N.
            (json!({"polygon": square(1.0)}), "close.polygon", true),
        ] {
            let e = check(v.clone()).unwrap_err();
            assert_eq!(
                (e.parameter.as_str(), e.over_cap),
                (parameter, over_cap),
                "{v}: {e}"
            );
        }
    }
}
