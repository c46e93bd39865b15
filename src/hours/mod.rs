//! hours (to be written).
