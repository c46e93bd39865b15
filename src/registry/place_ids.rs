//! Public place ids: a record keeps its own id (so an export round-trips) unless an
//! earlier-imported place took it; then it is prefixed with its dataset.

use std::collections::HashSet;

/// Hands out unique ids in import order.
#[derive(Default)]
pub struct PlaceIds {
    taken: HashSet<String>,
}

impl PlaceIds {
    /// The record's own id when `keep_own` and free, else `dataset-record`, made unique
    /// with a numeric suffix.
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

#[cfg(test)]
mod tests {
    use super::PlaceIds;

    #[test]
    fn first_comer_keeps_its_id() {
        let mut ids = PlaceIds::default();
        assert_eq!(ids.assign("hinaura", "4", true), "4");
        assert_eq!(ids.assign("cnfs", "4", true), "cnfs-4");
        assert_eq!(ids.assign("cnfs", "4", false), "cnfs-4-2");
    }
}
