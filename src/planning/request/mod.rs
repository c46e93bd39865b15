//! Plans and scenarios as users ask them — `maillage plan sites` flags, `POST /api/plan/sites`
//! and `POST /api/scenarios` bodies — read and checked once.

mod closure;
mod plan;
mod scenario;

pub use closure::{CloseInput, Closure, ClosureCaps};
pub use plan::{PlanInput, PlanRequest};
pub use scenario::{ScenarioInput, ScenarioRequest};
