//! The tour planner of mobile units: given units (depot, hours, break, maximum driving,
//! working days), candidate stops (point, visit length, desired frequency, optional window)
//! and a horizon of weeks, a cyclic timetable that brings the most people within T minutes
//! of a regular visit, then drives the least.
//!
//! - the instance: [`instance`], [`travel_times`] (road engine, straight-line model or a
//!   matrix file: [`matrix_file`]), [`value`] (population reached, counted once);
//! - rhythms: [`frequency`] (weekly, fortnightly on odd or even weeks, monthly on the Nth
//!   weekday, never two visits of a stop less than 6 days apart);
//! - a day: [`day_route`] (windows, break, working hours, maximum driving);
//! - solving: [`heuristic`] (greedy insertion, local search, ruin and recreate), and the
//!   exact optima of small instances: [`exact_day`] (subset dynamic programming) and
//!   [`exact_days`] (set packing over day routes, `good_lp`);
//! - on the map: [`request`] (the question as given, checked), [`candidates`] (gap
//!   communes or a CSV file), [`build`] (instance from the registry), [`document`] (the
//!   answer of `maillage tours plan` and `POST /api/tours/plan`).

pub mod build;
pub mod candidates;
pub mod clock;
pub mod day_route;
pub mod document;
pub mod error;
pub mod exact_day;
pub mod exact_days;
pub mod frequency;
pub mod heuristic;
pub mod insertion;
pub mod instance;
pub mod left_out;
pub mod matrix_file;
pub mod prefectures;
pub mod request;
pub mod rng;
pub mod route_order;
pub mod solution;
pub mod synthetic;
pub mod travel_times;
pub mod value;
pub mod weekday;

pub use build::plan_tours;
pub use error::TourError;
pub use frequency::{Frequency, Pattern};
pub use heuristic::{plan, Budget};
pub use instance::{StopSpec, TourInstance, UnitSpec};
pub use request::{TourInput, TourRequest};
