//! The places a command's travel times are measured to, as commands that compute coverage or
//! plans need them.

use anyhow::Result;
use chrono::NaiveDate;
use maillage::coverage::{sites_of, with_mobile_stops, Site};
use maillage::mobile::Timetable;
use maillage::registry::Snapshot;
use maillage::store::AnyStore;

/// The snapshot's places as of `day`, with the stored mobile units' stops in force that day
/// (and the places of those units removed); and the stored timetable they come from.
pub async fn sites_on(
    store: &AnyStore,
    snap: &Snapshot,
    day: NaiveDate,
) -> Result<(Vec<Site>, Timetable)> {
    let (timetable, _) = maillage::mobile::stored::load(store).await?;
    let sites = with_mobile_stops(sites_of(snap, day), &timetable, day);
    Ok((sites, timetable))
}
