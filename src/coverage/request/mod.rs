//! Coverage questions as users ask them — `maillage coverage` flags, `/api/coverage` and
//! `/api/gaps` query strings, the parameters of a scenario body — read and checked once into
//! a [`Selection`](super::Selection) and [`CoverageParams`](super::CoverageParams).

mod params;
mod selection;
mod table;

pub use params::{gaps_from_text, model_choice, CoverageInput, COVERAGE_PARAMETERS};
pub use selection::{departement_code, epci_siren, region_code, SelectionInput, SelectionRule};
pub use table::{CoverageRequest, TableFormat, TableOutput};
