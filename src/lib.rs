//! maillage: where people in France can get help with digital tools and online procedures,
//! and how well each commune is covered.
//!
//! See `ARCHITECTURE.md` for the code map. Data flows one way: sources →
//! [`standard`]/[`ingest`] → [`store`] → in-memory indexes
//! ([`spatial`], [`routing`]) → computations → [`service`] (what `serve` holds, kept fresh) →
//! [`api`] / CLI.
//!
//! Questions from users — command-line flags, query strings, JSON bodies — are read and checked
//! once, by the typed requests of [`coverage::request`] and [`planning::request`]; a bad value
//! is a [`request::RequestError`] naming the parameter, which the CLI shows as `--flag: …` and
//! the API as a 400 problem (`api/problem.rs` maps every layer's error to HTTP).

pub mod addresses;
pub mod api;
pub mod coverage;
pub mod hours;
pub mod ingest;
pub mod mobile;
pub mod model;
pub mod planning;
pub mod registry;
pub mod request;
pub mod routing;
pub mod service;
pub mod spatial;
pub mod spreadsheet;
pub mod standard;
pub mod store;
pub mod tiles;
pub mod tours;
