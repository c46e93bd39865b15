//! ingest (to be written).
