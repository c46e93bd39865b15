//! Floating catchment accessibility (2SFCA, E2SFCA, gravity).
