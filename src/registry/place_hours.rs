//! The places' opening hours parsed once per snapshot: each distinct text is parsed once
//! (thousands of places share `Mo-Fr 09:00-12:00,14:00-17:00`); "open at", the opening state
//! and the week in words are evaluated once per distinct text and minute (or week), and kept
//! for the requests that follow: evaluating a rule costs microseconds, and a list of ten
//! places, or a filter scanning thousands, would pay it for each.

use crate::hours::{self, Hours, Opening, WeekText};
use crate::store::StoredPlace;
use chrono::{DateTime, NaiveDate, TimeZone, Timelike};
use std::collections::HashMap;
use std::sync::Mutex;

/// Entries a cache holds before it is emptied (a few megabytes at most).
const CACHE_ENTRIES: usize = 200_000;

/// Parsed hours of every place of a snapshot.
pub struct PlaceHours {
    distinct: Vec<Hours>,
    /// Per place: the index of its hours in `distinct`, `None` without readable hours.
    of_place: Vec<Option<u32>>,
    /// (hours, minute since the epoch) → open then.
    open: Mutex<HashMap<(u32, i64), bool>>,
    /// (hours, minute since the epoch) → state then.
    opening: Mutex<HashMap<(u32, i64), Opening>>,
    /// (hours, Monday) → that week in words.
    week: Mutex<HashMap<(u32, NaiveDate), WeekText>>,
}

/// Looks a key up in a cache, computing and keeping the value when missing.
fn cached<K: std::hash::Hash + Eq, V: Clone>(
    cache: &Mutex<HashMap<K, V>>,
    key: K,
    compute: impl FnOnce() -> V,
) -> V {
    if let Some(v) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return v;
    }
    let v = compute();
    if let Ok(mut c) = cache.lock() {
        if c.len() >= CACHE_ENTRIES {
            c.clear();
        }
        c.insert(key, v.clone());
    }
    v
}

/// The instant cut to its minute, and that minute's number since the epoch.
fn minute<Tz: TimeZone>(at: DateTime<Tz>) -> (DateTime<Tz>, i64) {
    let cut = at
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(at);
    let key = cut.timestamp().div_euclid(60);
    (cut, key)
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
        PlaceHours {
            distinct,
            of_place,
            open: Mutex::default(),
            opening: Mutex::default(),
            week: Mutex::default(),
        }
    }

    /// The state of place `i` at `at` (cut to the minute), `None` without readable hours.
    pub fn opening_at(&self, i: usize, at: DateTime<chrono_tz::Tz>) -> Option<Opening> {
        let h = self.of_place.get(i).copied().flatten()?;
        let (at, key) = minute(at);
        Some(cached(&self.opening, (h, key), || {
            self.distinct[h as usize].opening_at(at)
        }))
    }

    /// The week holding `day` in words for place `i`, `None` without readable hours.
    pub fn week_text(&self, i: usize, day: NaiveDate) -> Option<WeekText> {
        use chrono::Datelike;
        let h = self.of_place.get(i).copied().flatten()?;
        let monday = day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()));
        Some(cached(&self.week, (h, monday), || {
            self.distinct[h as usize].week_text(monday)
        }))
    }

    /// Which of the snapshot's distinct hours place `i` has, when it has readable ones: places
    /// of the same id have the same hours (for caches of what is derived from them).
    pub fn hours_id(&self, i: usize) -> Option<u32> {
        self.of_place.get(i).copied().flatten()
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
        let (at, minute) = minute(at);
        OpenMemo {
            hours: self,
            at,
            minute,
            known: vec![0; self.distinct.len()],
        }
    }
}

/// Whether places are open at one instant, each distinct hours text evaluated once.
pub struct OpenMemo<'a, Tz: TimeZone> {
    hours: &'a PlaceHours,
    /// The instant cut to its minute, and that minute's number (the shared cache's key).
    at: DateTime<Tz>,
    minute: i64,
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
            let open = cached(&self.hours.open, (h, self.minute), || {
                self.hours.distinct[h as usize].is_open_at(self.at.clone())
            });
            *slot = if open { 1 } else { 2 };
        }
        *slot == 1
    }
}
