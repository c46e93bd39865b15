//! What is wrong inside a prepared road graph, for [`RoutingError::CorruptGraph`]: the file was
//! truncated, written by another version, or its arrays do not fit together.
//!
//! [`RoutingError::CorruptGraph`]: super::RoutingError::CorruptGraph

use super::store::FORMAT_VERSION;

/// One inconsistency found while reading or checking a prepared graph.
#[derive(Debug, thiserror::Error)]
pub enum GraphDefect {
    #[error("file is truncated")]
    Truncated,
    #[error("reading failed: {0}")]
    Read(#[source] std::io::Error),
    #[error("an array length overflows")]
    LengthOverflow,
    #[error("an array of {bytes} bytes runs past the end of the file ({left} bytes left)")]
    ArrayPastEnd { bytes: u64, left: u64 },
    #[error("not a maillage road graph (bad magic bytes)")]
    BadMagic,
    #[error("format version {found}, this build reads {FORMAT_VERSION}")]
    Version { found: u32 },
    #[error("written on a machine of another byte order")]
    ByteOrder,
    #[error("{0} unexpected bytes after the data")]
    TrailingBytes(u64),
    #[error("graph has {nodes} nodes, coordinates {coordinates}")]
    NodeCount { nodes: usize, coordinates: usize },
    #[error("a node has coordinates out of range")]
    CoordinateOutOfRange,
    /// Offsets, attribute arrays or ranks that do not match each other.
    #[error("{0}")]
    Inconsistent(&'static str),
    #[error("hierarchy edge at rank {0} is not upward")]
    EdgeNotUpward(u32),
    #[error("hierarchy has {hierarchy} nodes, graph {graph}")]
    HierarchySize { hierarchy: usize, graph: usize },
    #[error("metadata is not readable JSON: {0}")]
    Metadata(#[source] serde_json::Error),
}
