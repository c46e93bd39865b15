//! Where to add sites: maximal covering location, fewest sites to cover everyone, what-if
//! scenarios.
