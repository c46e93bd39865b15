//! The residents' place features as JSON text, built from parts serialised once. A nearest
//! answer is ten features of about two kilobytes each, nearly all of it the place's record,
//! which changes only with the data: serialising it again for every new point was most of the
//! cost of an answer. Here each place's record (with what maillage adds to it) is serialised
//! the first time an answer holds it, and kept for the snapshot's life; the week in words and
//! the opening state are serialised once per distinct hours and week or minute; an answer
//! writes the few numbers of its trip and splices the kept text. The text is the one
//! [`PlaceFeature`] and [`ResidentView`] give, byte for byte (see the tests).

use super::features::PlaceFeature;
use super::resident_view::ResidentView;
use crate::hours::Opening;
use crate::registry::Snapshot;
use chrono::{DateTime, Datelike, Duration, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Entries a cache of hours text holds before it is emptied (a few megabytes at most).
const CACHE_ENTRIES: usize = 100_000;

/// The kept parts of the features of one snapshot's places.
pub struct FeatureJson {
    places: Vec<OnceLock<FixedParts>>,
    /// (hours, Monday) → that week in words, as JSON.
    weeks: Mutex<HashMap<(u32, NaiveDate), Arc<str>>>,
    /// (hours, minute since the epoch) → the opening state then, as JSON.
    openings: Mutex<HashMap<(u32, i64), Arc<str>>>,
}

/// What of a place's feature does not depend on the request.
struct FixedParts {
    /// The feature up to the last member maillage adds to the record (`departement`), open.
    head: Box<str>,
    /// `,"nom_affiche":…,"telephone_affiche":…,"adresse_affiche":…`
    names: Box<str>,
    /// `date_maj`, whose age is told against the day of the answer.
    date_maj: Option<NaiveDate>,
    /// The place's readable hours (their index in the snapshot's distinct hours), else the end
    /// of its feature: `,"horaires_texte":null,"horaires_invalides":…,"ouverture":{…}}}`.
    hours: Result<u32, Box<str>>,
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serialising our own types to a string cannot fail (no map with non-string keys).
    serde_json::to_string(value).unwrap_or_default()
}

/// Looks a key up in a cache of JSON text, serialising and keeping the value when missing.
fn cached<K: std::hash::Hash + Eq>(
    cache: &Mutex<HashMap<K, Arc<str>>>,
    key: K,
    compute: impl FnOnce() -> String,
) -> Arc<str> {
    if let Some(v) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return v;
    }
    let v: Arc<str> = compute().into();
    if let Ok(mut c) = cache.lock() {
        if c.len() >= CACHE_ENTRIES {
            c.clear();
        }
        c.insert(key, v.clone());
    }
    v
}

/// The instant asked, as the answers read it: the state at `at`, the week of `at`, the age of
/// records on `today`.
#[derive(Clone, Copy)]
pub struct Reading {
    pub at: DateTime<chrono_tz::Tz>,
    pub today: NaiveDate,
}

impl FeatureJson {
    /// Empty parts for every place of `snapshot`.
    pub fn new(snapshot: &Snapshot) -> FeatureJson {
        FeatureJson {
            places: (0..snapshot.places.len())
                .map(|_| OnceLock::new())
                .collect(),
            weeks: Mutex::default(),
            openings: Mutex::default(),
        }
    }

    fn fixed(&self, snapshot: &Snapshot, i: usize, reading: Reading) -> &FixedParts {
        self.places[i].get_or_init(|| {
            let sp = &snapshot.places[i];
            let whole = to_json(&PlaceFeature::new(snapshot, sp, None));
            // `…,"departement":…}}`: the feature and its properties closed.
            let head = whole.strip_suffix("}}").unwrap_or(&whole);
            // The view's members that depend on the place alone, from the view itself.
            let view = ResidentView::new(snapshot, i, reading.at, reading.today);
            let hours = match snapshot.hours.hours_id(i) {
                Some(h) => Ok(h),
                None => Err(format!(
                    ",\"horaires_texte\":null,\"horaires_invalides\":{},\"ouverture\":{}}}}}",
                    to_json(&view.horaires_invalides),
                    to_json(&view.ouverture)
                )
                .into()),
            };
            FixedParts {
                head: head.into(),
                names: format!(
                    ",\"nom_affiche\":{},\"telephone_affiche\":{},\"adresse_affiche\":{}",
                    to_json(&view.nom_affiche),
                    to_json(&view.telephone_affiche),
                    to_json(&view.adresse_affiche)
                )
                .into(),
                date_maj: snapshot.places[i].place.date_maj,
                hours,
            }
        })
    }

    /// Appends place `i`'s feature to `out`: the text of [`PlaceFeature::new`] with
    /// `distance_m`, then [`PlaceFeature::with_trip`] when `trip` is given (minutes, metres),
    /// then [`PlaceFeature::with_resident`] with the [`ResidentView`] at `reading`.
    pub fn write_feature(
        &self,
        out: &mut Vec<u8>,
        snapshot: &Snapshot,
        i: usize,
        distance_m: Option<f64>,
        trip: Option<(f64, Option<f64>)>,
        reading: Reading,
    ) {
        let fixed = self.fixed(snapshot, i, reading);
        out.extend_from_slice(fixed.head.as_bytes());
        let mut number = |name: &str, value: Option<f64>| {
            if let Some(v) = value {
                out.extend_from_slice(b",\"");
                out.extend_from_slice(name.as_bytes());
                out.extend_from_slice(b"\":");
                // Writing to a vector cannot fail.
                let _ = serde_json::to_writer(&mut *out, &v);
            }
        };
        number("distance_m", distance_m);
        if let Some((minutes, metres)) = trip {
            number("duree_min", Some(minutes));
            number("distance_trajet_m", metres);
        }
        out.extend_from_slice(fixed.names.as_bytes());
        out.extend_from_slice(b",\"date_maj_ancienne\":");
        out.extend_from_slice(match fixed.date_maj {
            None => b"null",
            Some(d) if d < reading.today - Duration::days(365) => b"true",
            Some(_) => b"false",
        });
        match &fixed.hours {
            Err(end) => out.extend_from_slice(end.as_bytes()),
            Ok(h) => {
                let week = self.week(snapshot, i, *h, reading.at.date_naive());
                let opening = self.opening(snapshot, i, *h, reading.at);
                out.extend_from_slice(b",\"horaires_texte\":");
                out.extend_from_slice(week.as_bytes());
                out.extend_from_slice(b",\"horaires_invalides\":null,\"ouverture\":");
                out.extend_from_slice(opening.as_bytes());
                out.extend_from_slice(b"}}");
            }
        }
    }

    /// The week holding `day` in words for place `i` (of hours `h`), as JSON.
    fn week(&self, snapshot: &Snapshot, i: usize, h: u32, day: NaiveDate) -> Arc<str> {
        let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
        cached(&self.weeks, (h, monday), || {
            to_json(&snapshot.hours.week_text(i, day))
        })
    }

    /// The state of place `i` (of hours `h`) at `at`, as JSON.
    fn opening(
        &self,
        snapshot: &Snapshot,
        i: usize,
        h: u32,
        at: DateTime<chrono_tz::Tz>,
    ) -> Arc<str> {
        cached(&self.openings, (h, at.timestamp().div_euclid(60)), || {
            let opening: Option<Opening> = snapshot.hours.opening_at(i, at);
            to_json(&opening)
        })
    }
}

/// A snapshot and the kept parts of its places.
type PartsOf = (Arc<Snapshot>, Arc<FeatureJson>);

/// The kept parts for the snapshot in service, made anew when the snapshot changes.
#[derive(Clone, Default)]
pub struct FeatureJsonCache(Arc<Mutex<Option<PartsOf>>>);

impl FeatureJsonCache {
    /// The parts of `snapshot`'s places.
    pub fn of(&self, snapshot: &Arc<Snapshot>) -> Arc<FeatureJson> {
        let Ok(mut slot) = self.0.lock() else {
            return Arc::new(FeatureJson::new(snapshot));
        };
        match &*slot {
            Some((s, parts)) if Arc::ptr_eq(s, snapshot) => parts.clone(),
            _ => {
                let parts = Arc::new(FeatureJson::new(snapshot));
                *slot = Some((snapshot.clone(), parts.clone()));
                parts
            }
        }
    }
}
