//! One tile of one layer cut from a [`TileIndex`]: what the SQLite back end serves, and what
//! `ST_AsMVT` gives from PostGIS (same features, same property names and types).

use super::clip::clip_outline;
use super::frame::{Frame, EXTENT};
use super::index::{CommuneShape, PlacePoint, TileIndex};
use super::mvt::{encode_tile, LayerBuilder, TileGeometry, Value};
use crate::model::{TileId, TileLayer};

/// The MVT bytes of `layer` at `tile`; empty when no feature falls in it.
pub fn encode(index: &TileIndex, layer: TileLayer, tile: TileId) -> Vec<u8> {
    let frame = Frame::of(tile);
    let bounds = frame.buffered_bounds();
    let mut out = LayerBuilder::new(layer.name(), EXTENT);
    match layer {
        TileLayer::Communes => {
            for c in index.communes_in(bounds) {
                let rings = clip_outline(c.outline_at(tile.z), &frame);
                if !rings.is_empty() {
                    out.add(&TileGeometry::Polygons(rings), &commune_properties(c));
                }
            }
        }
        TileLayer::Places => {
            for p in index.places_in(bounds) {
                let [x, y] = frame.to_units(p.at);
                let at = [x.round() as i32, y.round() as i32];
                out.add(&TileGeometry::Points(vec![at]), &place_properties(p));
            }
        }
    }
    encode_tile(&[&out])
}

/// A commune's properties; absent facts are absent properties (MVT has no null).
fn commune_properties(c: &CommuneShape) -> Vec<(&'static str, Value)> {
    let mut p = vec![
        ("code", Value::Text(c.code.clone())),
        ("nom", Value::Text(c.nom.clone())),
        ("departement", Value::Text(c.departement.clone())),
    ];
    if let Some(n) = c.population {
        p.push(("population", Value::Int(n as i64)));
    }
    if let Some(ifn) = c.ifn {
        p.push(("ifn", Value::Double(ifn)));
    }
    p.push(("places", Value::Int(c.counts.places)));
    p.push(("france_services", Value::Int(c.counts.france_services)));
    p.push(("mobile_units", Value::Int(c.counts.mobile)));
    if let Some(n) = c.population.filter(|&n| n > 0) {
        p.push((
            "places_per_10k",
            Value::Double(super::places_per_10k(c.counts.places, n)),
        ));
    }
    p
}

fn place_properties(p: &PlacePoint) -> Vec<(&'static str, Value)> {
    vec![
        ("id", Value::Text(p.id.clone())),
        ("nom", Value::Text(p.nom.clone())),
        ("france_services", Value::Bool(p.france_services)),
        ("mobile", Value::Bool(p.mobile)),
    ]
}
