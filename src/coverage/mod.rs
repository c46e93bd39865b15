//! Per-commune indicators: density, nearest place, population within T minutes, floating
//! catchment accessibility (2SFCA/E2SFCA), gaps, roll-ups.

pub mod catchment;
