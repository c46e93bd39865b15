//! Per-commune indicators: density, nearest place, population within T minutes, floating
//! catchment accessibility (2SFCA/E2SFCA), gaps, roll-ups.

pub mod catchment;
pub mod columns;
pub mod gaps;
pub mod indicators;
pub mod landmass;
pub mod mobile_stops;
pub mod names;
pub mod params;
pub mod report;
pub mod request;
pub mod rollup;
pub mod selection;
pub mod sites;
pub mod table;
pub mod travel;
pub mod unit_contribution;

pub use indicators::{compute, CommuneCoverage, Coverage, CoverageError, Nearest, PlaceCounts};
pub use mobile_stops::with_mobile_stops;
pub use params::CoverageParams;
pub use rollup::{rollup, Level, Rollup};
pub use selection::Selection;
pub use sites::{sites_of, Kinds, Site, SupplyMeasure};
pub use table::{commune_rows, to_csv, Row};
pub use travel::{ModelChoice, Travel};
pub use unit_contribution::{unit_contribution, UnitContribution};
