//! From source records to served places: each record is placed in the commune its point
//! lies in, its `code_insee` filled or checked, and records of different sources that
//! describe the same place are merged (earliest import first).

use super::dedup::{same_place, SAME_SIRET_RADIUS_M};
use super::merge::merge_into;
use super::place_ids::PlaceIds;
use crate::model::{Commune, InseeCode, SourceRef};
use crate::spatial::geodesy::{chord2_for_m, unit_vector};
use crate::spatial::CommuneLocator;
use crate::store::{SourceRecord, StoredPlace};
use rstar::{primitives::GeomWithData, RTree};

/// The places built, with what the locating step found.
#[derive(Debug, Default)]
pub struct PlaceBuild {
    pub places: Vec<StoredPlace>,
    /// Records merged into a place of another source.
    pub merged_records: usize,
    /// (place id, published code_insee, commune of the point) where the two differ.
    pub contradictions: Vec<(String, InseeCode, InseeCode)>,
    /// Places whose point lies in no known commune polygon.
    pub outside: Vec<String>,
    /// Places without coordinates.
    pub without_position: Vec<String>,
}

/// Rebuilds every place from all source records (sorted by `seq`) and the communes.
pub fn build_places(records: &[SourceRecord], communes: &[Commune]) -> PlaceBuild {
    let polygons: Vec<_> = communes.iter().map(|c| c.polygon.as_ref()).collect();
    let locator = CommuneLocator::new(&polygons);
    let mut order: Vec<&SourceRecord> = records.iter().collect();
    order.sort_by_key(|r| r.seq);

    let mut out = PlaceBuild::default();
    let mut ids = PlaceIds::default();
    let mut tree: RTree<GeomWithData<[f64; 3], usize>> = RTree::new();
    let radius2 = chord2_for_m(SAME_SIRET_RADIUS_M);

    for rec in order {
        let mut place = rec.place.clone();
        let source = SourceRef {
            dataset: rec.dataset.clone(),
            record_id: rec.record_id.clone(),
        };
        if !place.sources.iter().any(|s| s.dataset == source.dataset) {
            place.sources.insert(0, source);
        }
        let located_in = place
            .lon_lat()
            .and_then(|(lon, lat)| locator.locate(lon, lat))
            .map(|i| communes[i].code.clone());

        if let Some((lon, lat)) = place.lon_lat() {
            let q = unit_vector(lon, lat);
            let twin = tree
                .locate_within_distance(q, radius2)
                .map(|e| e.data)
                .filter(|&i| {
                    let other = &out.places[i].place;
                    !other.sources.iter().any(|s| s.dataset == rec.dataset)
                        && same_place(other, &place)
                })
                .min();
            if let Some(i) = twin {
                merge_into(&mut out.places[i].place, &place);
                out.merged_records += 1;
                continue;
            }
        }

        place.id = ids.assign(&rec.dataset, &rec.record_id, true);
        match (&place.code_insee, &located_in) {
            (None, Some(found)) => {
                place.code_insee = Some(found.clone());
                place
                    .warnings
                    .push(format!("code_insee filled with {found} from the position"));
            }
            (Some(given), Some(found))
                if given != found && given.parent_commune().as_ref() != Some(found) =>
            {
                place.warnings.push(format!(
                    "code_insee {given} contradicts the position, which lies in commune {found}"
                ));
                out.contradictions
                    .push((place.id.clone(), given.clone(), found.clone()));
            }
            _ => {}
        }
        match place.lon_lat() {
            None => out.without_position.push(place.id.clone()),
            Some(_) if located_in.is_none() && !communes.is_empty() => {
                place
                    .warnings
                    .push("the position lies in no known commune".into());
                out.outside.push(place.id.clone());
            }
            _ => {}
        }
        if let Some((lon, lat)) = place.lon_lat() {
            tree.insert(GeomWithData::new(unit_vector(lon, lat), out.places.len()));
        }
        out.places.push(StoredPlace { place, located_in });
    }
    out
}
