//! Commune polygons from GeoJSON (properties `code`, `nom`).

use super::{read_text, InputError};
use crate::model::InseeCode;
use geo::MultiPolygon;
use std::path::Path;

/// A commune's outline as published.
#[derive(Debug, Clone)]
pub struct CommuneShape {
    pub code: InseeCode,
    pub nom: String,
    pub polygon: MultiPolygon<f64>,
}

/// Reads a FeatureCollection of communes (optionally gzipped). Each feature needs a
/// `code` property and a Polygon or MultiPolygon; a feature without geometry is skipped
/// and counted in the second value.
pub fn read_commune_shapes(path: &Path) -> Result<(Vec<CommuneShape>, usize), InputError> {
    let name = path.display().to_string();
    let text = read_text(path)?;
    let fc: geojson::FeatureCollection = text
        .parse::<geojson::GeoJson>()
        .map_err(|e| InputError::file(&name, e.to_string(), "a GeoJSON FeatureCollection"))?
        .try_into()
        .map_err(|_| {
            InputError::file(
                &name,
                "another GeoJSON object",
                "a GeoJSON FeatureCollection",
            )
        })?;
    let mut out = Vec::with_capacity(fc.features.len());
    let mut without_geometry = 0;
    for (i, f) in fc.features.into_iter().enumerate() {
        let rec = i + 1;
        let prop = |k: &str| f.property(k).and_then(|v| v.as_str()).map(str::to_string);
        let raw_code =
            prop("code").ok_or_else(|| InputError::new(&name, rec, "code", "", "an INSEE code"))?;
        let code = InseeCode::parse(&raw_code)
            .map_err(|e| InputError::new(&name, rec, "code", raw_code.clone(), e.expected))?;
        let nom = prop("nom").unwrap_or_default();
        let Some(geometry) = f.geometry else {
            without_geometry += 1;
            continue;
        };
        let geom: geo::Geometry<f64> = geometry.try_into().map_err(|e: geojson::Error| {
            InputError::new(&name, rec, "geometry", e.to_string(), "a valid geometry")
        })?;
        let polygon = match geom {
            geo::Geometry::Polygon(p) => MultiPolygon::new(vec![p]),
            geo::Geometry::MultiPolygon(m) => m,
            other => {
                return Err(InputError::new(
                    &name,
                    rec,
                    "geometry",
                    format!("{other:?}").chars().take(40).collect::<String>(),
                    "a Polygon or MultiPolygon",
                ))
            }
        };
        out.push(CommuneShape { code, nom, polygon });
    }
    Ok((out, without_geometry))
}
