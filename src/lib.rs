//! maillage: where people in France can get help with digital tools and online procedures,
//! and how well each commune is covered.
//!
//! Data flows one way: sources → [`standard`]/[`ingest`] → [`store`] → in-memory indexes
//! ([`spatial`], [`routing`]) → computations → [`service`] (what `serve` holds, kept fresh) →
//! [`api`] / CLI.

pub mod api;
pub mod coverage;
pub mod hours;
pub mod ingest;
pub mod model;
pub mod planning;
pub mod registry;
pub mod routing;
pub mod service;
pub mod spatial;
pub mod standard;
pub mod store;
