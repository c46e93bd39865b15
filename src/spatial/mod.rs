//! spatial (to be written).
