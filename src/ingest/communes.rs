//! Commune polygons from GeoJSON (properties `code`, `nom`), checked before they are kept:
//! a fault names the file, the feature (index and code) and the reason.

use super::geometry::{check_topology, check_written, ShapeCheck};
use super::{read_text, InputError};
use crate::model::InseeCode;
use geo::MultiPolygon;
use std::path::Path;

/// A commune's outline as published (or as repaired, see [`CommuneShapes::repaired`]).
#[derive(Debug, Clone)]
pub struct CommuneShape {
    pub code: InseeCode,
    pub nom: String,
    pub polygon: MultiPolygon<f64>,
}

/// The outlines of a file and what was done to them.
#[derive(Debug, Clone, Default)]
pub struct CommuneShapes {
    pub shapes: Vec<CommuneShape>,
    /// Features without geometry (skipped).
    pub without_geometry: usize,
    /// One line per outline repaired (self-intersections), naming the feature and the fault.
    pub repaired: Vec<String>,
}

/// Reads a FeatureCollection of communes (optionally gzipped). Each feature needs a
/// `code` property and a valid Polygon or MultiPolygon; a feature without geometry is skipped
/// and counted.
pub fn read_commune_shapes(path: &Path) -> Result<CommuneShapes, InputError> {
    let name = path.display().to_string();
    let text = read_text(path)?;
    parse_commune_shapes(&name, &text)
}

/// [`read_commune_shapes`] on text already in memory; `name` names it in errors.
pub fn parse_commune_shapes(name: &str, text: &str) -> Result<CommuneShapes, InputError> {
    let fc: geojson::FeatureCollection = text
        .parse::<geojson::GeoJson>()
        .map_err(|e| InputError::file(name, e.to_string(), "a GeoJSON FeatureCollection"))?
        .try_into()
        .map_err(|_| {
            InputError::file(
                name,
                "another GeoJSON object",
                "a GeoJSON FeatureCollection",
            )
        })?;
    let mut out = CommuneShapes {
        shapes: Vec::with_capacity(fc.features.len()),
        ..CommuneShapes::default()
    };
    for (i, f) in fc.features.into_iter().enumerate() {
        let rec = i + 1;
        let prop = |k: &str| f.property(k).and_then(|v| v.as_str()).map(str::to_string);
        let raw_code =
            prop("code").ok_or_else(|| InputError::new(name, rec, "code", "", "an INSEE code"))?;
        let code = InseeCode::parse(&raw_code)
            .map_err(|e| InputError::new(name, rec, "code", raw_code.clone(), e.expected))?;
        let nom = prop("nom").unwrap_or_default();
        super::text::check_text(&nom)
            .map_err(|why| InputError::new(name, rec, "nom", &nom, why))?;
        let Some(geometry) = f.geometry else {
            out.without_geometry += 1;
            continue;
        };
        let feature = format!("geometry (feature {rec}, commune {code})");
        let bad = |why: String| {
            InputError::described(name, rec, &feature, why, "a valid Polygon or MultiPolygon")
        };
        check_written(&geometry.value).map_err(bad)?;
        let geom: geo::Geometry<f64> = geometry
            .try_into()
            .map_err(|e: geojson::Error| bad(e.to_string()))?;
        let polygon = match geom {
            geo::Geometry::Polygon(p) => MultiPolygon::new(vec![p]),
            geo::Geometry::MultiPolygon(m) => m,
            other => {
                let kind = format!("{other:?}");
                let kind = kind.split('(').next().unwrap_or("another geometry");
                return Err(bad(format!("a {kind}")));
            }
        };
        let polygon = match check_topology(polygon).map_err(bad)? {
            ShapeCheck::Valid(p) => p,
            ShapeCheck::Repaired(p, why) => {
                out.repaired
                    .push(format!("feature {rec} (commune {code}): {why}"));
                p
            }
        };
        out.shapes.push(CommuneShape { code, nom, polygon });
    }
    Ok(out)
}
