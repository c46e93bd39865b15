//! Commune outlines as both back ends check them before writing: an outline is stored only if
//! it reads back as one that `stats` and `serve` can use.

use super::StoreError;
use geo::MultiPolygon;

pub(super) fn corrupt(what: &str, detail: impl ToString) -> StoreError {
    StoreError::Corrupt {
        what: what.to_string(),
        detail: detail.to_string(),
    }
}

pub(super) fn polygon_to_text(p: &MultiPolygon<f64>) -> String {
    geojson::Geometry::new(geojson::GeometryValue::from(p)).to_string()
}

pub(super) fn polygon_from_text(code: &str, text: &str) -> Result<MultiPolygon<f64>, StoreError> {
    let g: geojson::Geometry = text
        .parse::<geojson::Geometry>()
        .map_err(|e| corrupt(&format!("polygon of {code}"), e))?;
    MultiPolygon::<f64>::try_from(g.value).map_err(|e| corrupt(&format!("polygon of {code}"), e))
}

/// The GeoJSON text of a commune's outline, refused unless it reads back as an outline that
/// `stats` and `serve` can use: the store never writes what it could not read.
pub(super) fn storable_polygon(code: &str, p: &MultiPolygon<f64>) -> Result<String, StoreError> {
    let text = polygon_to_text(p);
    let refuse = |detail: String| StoreError::Refused {
        what: format!("polygon of {code}"),
        detail,
    };
    let g: geojson::Geometry = text
        .parse()
        .map_err(|e: geojson::Error| refuse(e.to_string()))?;
    crate::ingest::check_written(&g.value).map_err(refuse)?;
    polygon_from_text(code, &text).map_err(|e| refuse(e.to_string()))?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_refuses_an_outline_it_could_not_read_back() {
        let empty = MultiPolygon::<f64>::new(vec![geo::Polygon::new(
            geo::LineString::<f64>::new(vec![]),
            vec![],
        )]);
        let e = storable_polygon("19031", &empty).unwrap_err();
        assert!(matches!(e, StoreError::Refused { .. }), "{e}");
        let far = geo::wkt!(MULTIPOLYGON(((500. 146.1, 1. 45., 2. 45., 500. 146.1))));
        assert!(storable_polygon("19031", &far).is_err());
        let ok = geo::wkt!(MULTIPOLYGON(((1. 45., 2. 45., 2. 46., 1. 45.))));
        let text = storable_polygon("19272", &ok).unwrap();
        assert_eq!(polygon_from_text("19272", &text).unwrap(), ok);
    }
}
