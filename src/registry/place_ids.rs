//! Public place ids: a standard v1 file's own ids are kept (so an export round-trips);
//! other sources' ids (often bare numbers) are prefixed with their dataset.

use std::collections::HashSet;

/// Hands out unique ids in import order.
#[derive(Default)]
pub struct PlaceIds {
    taken: HashSet<String>,
}

impl PlaceIds {
    /// The id for a record: its own when `keep_own` and free, else `dataset-record`,
    /// made unique with a numeric suffix.
    pub fn assign(&mut self, dataset: &str, record_id: &str, keep_own: bool) -> String {
        if keep_own && self.taken.insert(record_id.to_string()) {
            return record_id.to_string();
        }
        let base = format!("{dataset}-{record_id}");
        let mut id = base.clone();
        let mut n = 2;
        while !self.taken.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}
