//! Plans and scenarios as users ask them — `maillage plan sites` flags, `POST /api/plan/sites`
//! and `POST /api/scenarios` bodies — read and checked once.

mod plan;
mod scenario;

pub use plan::{PlanInput, PlanRequest};
pub use scenario::{ScenarioInput, ScenarioRequest};
