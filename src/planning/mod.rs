//! Where to add sites: maximal covering location, fewest sites to cover everyone, what-if
//! scenarios.
//!
//! The functions here work on an abstract [`CoverProblem`] (demand weights, and for each
//! candidate site the demand points it would cover); building one from communes, candidate
//! points and travel times is [`build_problem`]'s job, or the caller's.

mod error;
mod exact;
mod fewest;
mod instance;
mod lagrangian;
mod max_cover;
mod problem;
pub mod request;
pub mod road_closure;
pub mod scenario;
mod state;
pub mod suggest;
mod suggestion;

pub use error::{PlanError, PlanningError};
pub use exact::{exact_max_cover, EXACT_MAX_VARIABLES};
pub use fewest::fewest_sites;
pub use instance::build_problem;
pub use max_cover::max_cover;
pub use problem::CoverProblem;
pub use road_closure::{closed_roads, ClosureReport};
pub use scenario::{edited_sites, run_scenario, NewPlace, ScenarioResult};
pub use suggest::{suggest_sites, town_halls, Candidate, SitePlan, SiteQuestion};
pub use suggestion::Suggestion;
