//! Mobile units as first-class citizens: buses France Services, "bus numériques", itinerant
//! permanences — their stops, their visit schedules (an RFC 5545 recurrence subset with
//! dates cancelled or added, public holidays off), where they come from (our CSV format, the
//! France Services list's comments), and the questions residents ask: the next visits near
//! a point or in a commune, a calendar to subscribe to.
//!
//! The types ([`MobileUnit`], [`Stop`], [`VisitSchedule`], [`Recurrence`]) do no I/O; the
//! store keeps them as JSON documents ([`crate::store::MobileStore`]); a running server holds
//! them as a [`Timetable`], rebuilt with the registry when the store's generation changes.

pub mod comment;
mod commune_names;
pub mod csv_format;
mod day_stops;
mod error;
pub mod export;
pub mod france_services;
pub mod holidays;
mod ids;
mod import;
mod recurrence;
mod schedule;
mod stop;
pub mod stored;
mod timetable;
mod unit;

pub use commune_names::CommuneNames;
pub use day_stops::{DayKey, DayStops, DayVisit};
pub use error::MobileError;
pub use ids::{StopId, UnitId};
pub use import::{import_mobile, MobileImport};
pub use recurrence::{Recurrence, RecurrenceError, RECURRENCE_EXPECTED};
pub use schedule::VisitSchedule;
pub use stop::Stop;
pub use timetable::{Occurrence, Since, Timetable};
pub use unit::MobileUnit;
