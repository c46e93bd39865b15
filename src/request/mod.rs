//! What every typed request shares, whoever asks (command line, query string, JSON body): the
//! error that names the parameter at fault and what was expected, and the reading of parameters
//! given as text.
//!
//! The requests themselves live with their domain ([`crate::coverage::request`],
//! [`crate::planning::request`]); this module depends on nothing else in the crate, so that
//! the domains can use it without a cycle.

mod error;
mod text;

pub use error::RequestError;
pub use text::{TextParams, TextSource};
