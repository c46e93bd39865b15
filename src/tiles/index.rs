//! What the in-process tile encoder reads: the snapshot's communes and places in Web Mercator,
//! each commune with a coarser outline for small zooms and the facts its tile properties give,
//! behind R-trees of their extents. Built once per snapshot (by [`super::TileMaker`]).

use super::frame::{mercator, mercator_polygon};
use super::{
    LOW_DETAIL_BELOW_ZOOM, LOW_DETAIL_TOLERANCE_M, VERY_LOW_DETAIL_BELOW_ZOOM,
    VERY_LOW_DETAIL_TOLERANCE_M,
};
use crate::registry::Snapshot;
use geo::{BoundingRect, Coord, MultiPolygon, Simplify};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};
use std::collections::HashMap;

/// A commune as its tiles show it.
pub struct CommuneShape {
    pub code: String,
    pub nom: String,
    pub departement: String,
    pub population: Option<u64>,
    pub ifn: Option<f64>,
    pub counts: PlaceCounts,
    /// Web Mercator outline, as stored.
    pub outline: MultiPolygon<f64>,
    /// The outline simplified by [`LOW_DETAIL_TOLERANCE_M`], for zooms below
    /// [`LOW_DETAIL_BELOW_ZOOM`].
    pub coarse: MultiPolygon<f64>,
    /// Simplified by [`VERY_LOW_DETAIL_TOLERANCE_M`], for zooms below
    /// [`VERY_LOW_DETAIL_BELOW_ZOOM`].
    pub coarser: MultiPolygon<f64>,
}

impl CommuneShape {
    pub fn outline_at(&self, z: u8) -> &MultiPolygon<f64> {
        if z < VERY_LOW_DETAIL_BELOW_ZOOM {
            &self.coarser
        } else if z < LOW_DETAIL_BELOW_ZOOM {
            &self.coarse
        } else {
            &self.outline
        }
    }
}

/// Places counted in a commune (where their point lies, else their published code).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PlaceCounts {
    pub places: i64,
    pub france_services: i64,
    pub mobile: i64,
}

/// A place as its tiles show it.
pub struct PlacePoint {
    pub id: String,
    pub nom: String,
    pub france_services: bool,
    pub mobile: bool,
    pub at: Coord<f64>,
}

/// The snapshot's communes and places, ready to cut into tiles.
pub struct TileIndex {
    pub communes: Vec<CommuneShape>,
    commune_tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
    pub places: Vec<PlacePoint>,
    place_tree: RTree<GeomWithData<[f64; 2], usize>>,
}

impl TileIndex {
    pub fn build(snap: &Snapshot) -> TileIndex {
        let mut counts: HashMap<&str, PlaceCounts> = HashMap::new();
        let mut places = Vec::new();
        for sp in &snap.places {
            if let Some(code) = snap.place_commune(sp) {
                let c = counts.entry(code.as_str()).or_default();
                c.places += 1;
                c.france_services += i64::from(sp.place.is_france_services());
                c.mobile += i64::from(sp.place.is_mobile());
            }
            if let (Some(lon), Some(lat)) = (sp.place.longitude, sp.place.latitude) {
                places.push(PlacePoint {
                    id: sp.place.id.clone(),
                    nom: sp.place.nom.clone(),
                    france_services: sp.place.is_france_services(),
                    mobile: sp.place.is_mobile(),
                    at: mercator(lon, lat),
                });
            }
        }
        let communes: Vec<CommuneShape> = snap
            .communes
            .iter()
            .filter_map(|c| {
                let outline = mercator_polygon(c.polygon.as_ref()?);
                let coarse = outline.simplify(LOW_DETAIL_TOLERANCE_M);
                let coarser = outline.simplify(VERY_LOW_DETAIL_TOLERANCE_M);
                Some(CommuneShape {
                    code: c.code.as_str().to_string(),
                    nom: c.nom.clone(),
                    departement: c.departement.clone(),
                    population: c.population,
                    ifn: c.ifn,
                    counts: counts.get(c.code.as_str()).copied().unwrap_or_default(),
                    outline,
                    coarse,
                    coarser,
                })
            })
            .collect();
        let rects = communes
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let r = c.outline.bounding_rect()?;
                Some(GeomWithData::new(
                    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                    i,
                ))
            })
            .collect();
        let points = places
            .iter()
            .enumerate()
            .map(|(i, p)| GeomWithData::new([p.at.x, p.at.y], i))
            .collect();
        TileIndex {
            communes,
            commune_tree: RTree::bulk_load(rects),
            places,
            place_tree: RTree::bulk_load(points),
        }
    }

    /// Communes whose extent meets `bounds` (Web Mercator [west, south, east, north]), in the
    /// snapshot's order.
    pub fn communes_in(&self, bounds: [f64; 4]) -> Vec<&CommuneShape> {
        let envelope = AABB::from_corners([bounds[0], bounds[1]], [bounds[2], bounds[3]]);
        let mut found: Vec<usize> = self
            .commune_tree
            .locate_in_envelope_intersecting(&envelope)
            .map(|g| g.data)
            .collect();
        found.sort_unstable();
        found.into_iter().map(|i| &self.communes[i]).collect()
    }

    /// Places inside `bounds`, in the snapshot's order.
    pub fn places_in(&self, bounds: [f64; 4]) -> Vec<&PlacePoint> {
        let envelope = AABB::from_corners([bounds[0], bounds[1]], [bounds[2], bounds[3]]);
        let mut found: Vec<usize> = self
            .place_tree
            .locate_in_envelope(&envelope)
            .map(|g| g.data)
            .collect();
        found.sort_unstable();
        found.into_iter().map(|i| &self.places[i]).collect()
    }
}
