//! Commune outlines checked before they reach the store: the GeoJSON as written (rings closed,
//! long enough, finite WGS84 coordinates) and then the polygon's topology, self-intersections
//! being repaired when the repair gives a usable outline.

use geo::{Area, MakeValid, MultiPolygon, Validation};

/// What the topology check did to an outline that was acceptable as written.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeCheck {
    Valid(MultiPolygon<f64>),
    /// Repaired (self-intersections, overlapping parts); the reason says what was wrong.
    Repaired(MultiPolygon<f64>, String),
}

/// Checks a GeoJSON Polygon or MultiPolygon as written, before any conversion (which would
/// silently close rings): at least one polygon, every ring closed with 4 positions or more,
/// each position two finite numbers within longitude ±180 and latitude ±90.
pub fn check_written(value: &geojson::GeometryValue) -> Result<(), String> {
    use geojson::GeometryValue as V;
    let polygons: Vec<&geojson::PolygonType> = match value {
        V::Polygon { coordinates } => vec![coordinates],
        V::MultiPolygon { coordinates } => coordinates.iter().collect(),
        _ => return Ok(()), // other types are refused by the caller, naming the type
    };
    if polygons.is_empty() {
        return Err("a MultiPolygon without any polygon".into());
    }
    for (p, rings) in polygons.iter().enumerate() {
        let part = if polygons.len() > 1 {
            format!("polygon {p}: ")
        } else {
            String::new()
        };
        if rings.is_empty() {
            return Err(format!("{part}a polygon without any ring"));
        }
        for (r, ring) in rings.iter().enumerate() {
            let role = if r == 0 {
                "exterior ring".to_string()
            } else {
                format!("interior ring {}", r - 1)
            };
            if ring.len() < 4 {
                return Err(format!(
                    "{part}{role} has {} positions, a closed ring needs at least 4",
                    ring.len()
                ));
            }
            for (i, pos) in ring.iter().enumerate() {
                check_position(pos.as_slice())
                    .map_err(|why| format!("{part}{role}, position {i}: {why}"))?;
            }
            if ring.first() != ring.last() {
                return Err(format!(
                    "{part}{role} is not closed (its last position differs from its first)"
                ));
            }
        }
    }
    Ok(())
}

/// One position: `[longitude, latitude]` (an altitude may follow), finite and in range.
fn check_position(pos: &[f64]) -> Result<(), String> {
    let (Some(&lon), Some(&lat)) = (pos.first(), pos.get(1)) else {
        return Err(format!(
            "{} number(s), expected [longitude, latitude]",
            pos.len()
        ));
    };
    if !lon.is_finite() || !lat.is_finite() {
        return Err("a coordinate is not a finite number".into());
    }
    if lon.abs() > 180.0 || lat.abs() > 90.0 {
        return Err(format!(
            "[{lon}, {lat}] is outside WGS84 (longitude within ±180, latitude within ±90)"
        ));
    }
    Ok(())
}

/// Checks the topology of an outline already checked by [`check_written`]. A self-intersecting
/// outline (or one with overlapping parts) is repaired when the repair keeps an area; rings
/// with fewer than 3 distinct points, or an outline of no area, are refused.
pub fn check_topology(shape: MultiPolygon<f64>) -> Result<ShapeCheck, String> {
    let problem = match shape.check_validation() {
        Ok(()) => return nonempty(shape).map(ShapeCheck::Valid),
        Err(e) => e.to_string(),
    };
    if problem.contains("at least 3 distinct points") {
        return Err(problem);
    }
    let repaired = shape
        .make_valid()
        .map_err(|e| format!("{problem}, and the repair failed: {e:?}"))?;
    let repaired = nonempty(repaired).map_err(|e| format!("{problem}; repaired, {e}"))?;
    if let Err(e) = repaired.check_validation() {
        return Err(format!("{problem}; still invalid once repaired: {e}"));
    }
    Ok(ShapeCheck::Repaired(repaired, problem))
}

fn nonempty(shape: MultiPolygon<f64>) -> Result<MultiPolygon<f64>, String> {
    if shape.0.is_empty() || shape.unsigned_area() <= 0.0 {
        Err("the outline has no area".into())
    } else {
        Ok(shape)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(json: &str) -> geojson::GeometryValue {
        json.parse::<geojson::Geometry>().unwrap().value
    }

    #[test]
    fn written_faults_are_named() {
        let cases = [
            (r#"{"type":"Polygon","coordinates":[]}"#, "without any ring"),
            (
                r#"{"type":"MultiPolygon","coordinates":[]}"#,
                "without any polygon",
            ),
            (
                r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}"#,
                "has 3 positions",
            ),
            (
                r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#,
                "not closed",
            ),
            (
                r#"{"type":"Polygon","coordinates":[[[500,146.1],[1,0],[1,1],[500,146.1]]]}"#,
                "outside WGS84",
            ),
        ];
        for (json, why) in cases {
            let e = check_written(&value(json)).unwrap_err();
            assert!(e.contains(why), "{json}: {e}");
        }
        let ok = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#;
        assert_eq!(check_written(&value(ok)), Ok(()));
    }

    #[test]
    fn a_bowtie_is_repaired_and_a_flat_ring_refused() {
        let bowtie = geo::wkt!(POLYGON((0. 0., 0. 1., 1. 0., 1. 1., 0. 0.)));
        match check_topology(MultiPolygon::new(vec![bowtie])).unwrap() {
            ShapeCheck::Repaired(m, why) => {
                assert!(why.contains("self-intersection"), "{why}");
                assert!((m.unsigned_area() - 0.5).abs() < 1e-9);
            }
            other => panic!("not repaired: {other:?}"),
        }
        let flat = geo::wkt!(POLYGON((0. 0., 1. 0., 0. 0., 1. 0., 0. 0.)));
        assert!(check_topology(MultiPolygon::new(vec![flat])).is_err());
    }
}
