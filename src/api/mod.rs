//! The HTTP API (axum): routers, shared state, problem responses.

pub mod problem;
pub mod routing;
mod state;

pub use problem::Problem;
pub use state::AppState;
