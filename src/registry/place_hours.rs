//! The places' opening hours parsed once per snapshot: each distinct text is parsed once
//! (thousands of places share `Mo-Fr 09:00-12:00,14:00-17:00`), and "open at" is evaluated
//! once per distinct text and request.

use crate::hours::{self, Hours};
use crate::store::StoredPlace;
use chrono::{DateTime, TimeZone};
use std::collections::HashMap;

/// Parsed hours of every place of a snapshot.
pub struct PlaceHours {
    distinct: Vec<Hours>,
    /// Per place: the index of its hours in `distinct`, `None` without readable hours.
    of_place: Vec<Option<u32>>,
}

impl PlaceHours {
    pub fn new(places: &[StoredPlace]) -> PlaceHours {
        let mut ids: HashMap<&str, Option<u32>> = HashMap::new();
        let mut distinct = Vec::new();
        let of_place = places
            .iter()
            .map(|sp| {
                let text = sp.place.horaires.as_deref()?.trim();
                if text.is_empty() {
                    return None;
                }
                *ids.entry(text).or_insert_with(|| {
                    hours::parse(text).ok().map(|h| {
                        distinct.push(h);
                        (distinct.len() - 1) as u32
                    })
                })
            })
            .collect();
        PlaceHours { distinct, of_place }
    }

    /// The parsed hours of place `i`, when it has readable ones.
    pub fn of(&self, i: usize) -> Option<&Hours> {
        self.of_place
            .get(i)
            .copied()
            .flatten()
            .map(|h| &self.distinct[h as usize])
    }

    /// A memo of "open at this instant" for one request.
    pub fn open_memo<Tz: TimeZone>(&self, at: DateTime<Tz>) -> OpenMemo<'_, Tz> {
        OpenMemo {
            hours: self,
            at,
            known: vec![0; self.distinct.len()],
        }
    }
}

/// Whether places are open at one instant, each distinct hours text evaluated once.
pub struct OpenMemo<'a, Tz: TimeZone> {
    hours: &'a PlaceHours,
    at: DateTime<Tz>,
    /// 0: not evaluated yet, 1: open, 2: closed.
    known: Vec<u8>,
}

impl<Tz: TimeZone> OpenMemo<'_, Tz> {
    /// Whether place `i` is open (a place without readable hours is not known to be open).
    pub fn is_open(&mut self, i: usize) -> bool {
        let Some(h) = self.hours.of_place.get(i).copied().flatten() else {
            return false;
        };
        let slot = &mut self.known[h as usize];
        if *slot == 0 {
            let open = self.hours.distinct[h as usize].is_open_at(self.at.clone());
            *slot = if open { 1 } else { 2 };
        }
        *slot == 1
    }
}
