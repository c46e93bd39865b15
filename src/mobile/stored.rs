//! Mobile units to and from the store's JSON documents.

use super::{MobileError, MobileUnit, Stop, Timetable, VisitSchedule};
use crate::store::{MobileDocument, MobileRows, MobileStore};

fn document<T: serde::Serialize>(id: &str, value: &T) -> MobileDocument {
    MobileDocument {
        id: id.to_string(),
        json: serde_json::to_string(value).expect("mobile types serialise"),
    }
}

pub fn unit_document(u: &MobileUnit) -> MobileDocument {
    document(u.id.as_str(), u)
}

pub fn stop_document(s: &Stop) -> MobileDocument {
    document(s.id.as_str(), s)
}

pub fn visit_document(v: &VisitSchedule) -> MobileDocument {
    document(v.unit.as_str(), v)
}

fn read<T: serde::de::DeserializeOwned>(
    what: &'static str,
    d: &MobileDocument,
) -> Result<T, MobileError> {
    serde_json::from_str(&d.json).map_err(|e| MobileError::Corrupt {
        what,
        id: d.id.clone(),
        detail: e.to_string(),
    })
}

/// The timetable the stored documents describe.
pub fn timetable(rows: &MobileRows) -> Result<Timetable, MobileError> {
    Ok(Timetable::new(
        rows.units
            .iter()
            .map(|d| read("unit", d))
            .collect::<Result<_, _>>()?,
        rows.stops
            .iter()
            .map(|d| read("stop", d))
            .collect::<Result<_, _>>()?,
        rows.visits
            .iter()
            .map(|d| read("visit", d))
            .collect::<Result<_, _>>()?,
    ))
}

/// Reads the stored timetable with the generation it belongs to.
pub async fn load<S: MobileStore>(store: &S) -> Result<(Timetable, i64), MobileError> {
    let rows = store.mobile().await?;
    Ok((timetable(&rows)?, rows.generation))
}
