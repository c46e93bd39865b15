//! GeoJSON features for places and communes, with the standard's field names.

use super::resident_view::ResidentView;
use crate::model::{Commune, InseeCode, Place};
use crate::registry::Snapshot;
use crate::spatial::rfc7946;
use crate::store::StoredPlace;
use serde::Serialize;
use serde_json::{json, Map, Value};

/// A place as a GeoJSON Feature, serialised straight to the response (no intermediate
/// `Value`: that is most of the cost of an answer).
#[derive(Serialize)]
pub struct PlaceFeature<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'a str,
    geometry: Option<PointGeometry>,
    properties: PlaceProperties<'a>,
}

#[derive(Serialize)]
struct PointGeometry {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

/// The standard's fields, then what maillage adds.
#[derive(Serialize)]
struct PlaceProperties<'a> {
    #[serde(flatten)]
    place: &'a Place,
    commune_localisee: Option<&'a InseeCode>,
    france_services: bool,
    mobile: bool,
    departement: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    distance_m: Option<f64>,
    /// Travel time by the collection's `model` and `mode`, minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    duree_min: Option<f64>,
    /// Road (or modelled) distance of that trip, metres.
    #[serde(skip_serializing_if = "Option::is_none")]
    distance_trajet_m: Option<f64>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    resident: Option<ResidentView>,
}

impl<'a> PlaceFeature<'a> {
    pub fn new(snapshot: &Snapshot, sp: &'a StoredPlace, distance_m: Option<f64>) -> Self {
        let p = &sp.place;
        let departement = snapshot.place_commune(sp).map(|c| {
            snapshot
                .commune(c)
                .map_or_else(|| c.departement().to_string(), |c| c.departement.clone())
        });
        PlaceFeature {
            kind: "Feature",
            id: &p.id,
            geometry: p.lon_lat().map(|(lon, lat)| PointGeometry {
                kind: "Point",
                coordinates: [
                    rfc7946::round_coordinate(lon),
                    rfc7946::round_coordinate(lat),
                ],
            }),
            properties: PlaceProperties {
                place: p,
                commune_localisee: sp.located_in.as_ref(),
                france_services: p.is_france_services(),
                mobile: p.is_mobile(),
                departement,
                distance_m,
                duree_min: None,
                distance_trajet_m: None,
                resident: None,
            },
        }
    }

    /// Adds what residents read: name and phone for people, hours in words, opening state.
    pub fn with_resident(mut self, view: ResidentView) -> Self {
        self.properties.resident = Some(view);
        self
    }

    /// Adds the travel time (minutes) and distance (metres) of the trip to the place.
    pub fn with_trip(mut self, duree_min: f64, distance_m: Option<f64>) -> Self {
        self.properties.duree_min = Some(duree_min);
        self.properties.distance_trajet_m = distance_m;
        self
    }
}

/// A FeatureCollection of places, with optional `total` and `model` members.
#[derive(Serialize)]
pub struct PlaceCollection<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<&'static str>,
    /// `car` or `foot`, when travel times are given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<&'static str>,
    /// The instant opening states are read at (ISO 8601, Paris offset).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evalue_a: Option<String>,
    pub features: Vec<PlaceFeature<'a>>,
}

impl<'a> PlaceCollection<'a> {
    pub fn new(features: Vec<PlaceFeature<'a>>) -> Self {
        PlaceCollection {
            kind: "FeatureCollection",
            total: None,
            model: None,
            mode: None,
            evalue_a: None,
            features,
        }
    }
}

/// A commune's properties (no geometry).
pub fn commune_properties(snapshot: &Snapshot, c: &Commune) -> Map<String, Value> {
    let epci = c.epci.as_ref().and_then(|e| snapshot.epci.get(e));
    let mut m = Map::new();
    m.insert("code".into(), json!(c.code));
    m.insert("nom".into(), json!(c.nom));
    m.insert("departement".into(), json!(c.departement));
    m.insert("region".into(), json!(c.region));
    m.insert("epci".into(), json!(c.epci));
    m.insert("epci_nom".into(), json!(epci.map(|e| &e.nom)));
    m.insert("population".into(), json!(c.population));
    m.insert("codes_postaux".into(), json!(c.codes_postaux));
    m.insert("point".into(), json!(c.point.map(rfc7946::position)));
    m.insert("point_source".into(), json!(c.point_source));
    m
}

/// A commune as a Feature, with its polygon or its representative point.
pub fn commune_feature(snapshot: &Snapshot, c: &Commune, with_polygon: bool) -> Value {
    let geometry = match (&c.polygon, c.point) {
        (Some(poly), _) if with_polygon => {
            serde_json::to_value(rfc7946::polygon_geometry(poly)).unwrap_or(Value::Null)
        }
        (_, Some(p)) => json!({"type": "Point", "coordinates": rfc7946::position(p)}),
        _ => Value::Null,
    };
    json!({"type": "Feature", "id": c.code, "geometry": geometry, "properties": commune_properties(snapshot, c)})
}

pub fn collection(features: Vec<Value>, extra: &[(&str, Value)]) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), json!("FeatureCollection"));
    for (k, v) in extra {
        m.insert((*k).to_string(), v.clone());
    }
    m.insert("features".into(), Value::Array(features));
    Value::Object(m)
}
