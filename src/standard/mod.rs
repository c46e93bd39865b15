//! standard (to be written).
