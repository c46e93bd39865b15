//! Bad input never panics and never takes down the graph in service: corrupt, truncated,
//! empty and road-less extracts, damaged prepared graphs.

mod routing_common;

use maillage::routing::{import_roads, RoadNetwork, RoutingError};
use routing_common::{data, scratch};
use std::path::{Path, PathBuf};

fn monaco_bytes() -> Vec<u8> {
    std::fs::read(data("osm/monaco.osm.pbf")).expect("monaco extract")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write test file");
    p
}

/// Byte offsets where the PBF's blobs end (each: 4-byte length, BlobHeader, Blob).
fn blob_ends(pbf: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut pos = 0;
    while pos + 4 <= pbf.len() {
        let header_len =
            u32::from_be_bytes([pbf[pos], pbf[pos + 1], pbf[pos + 2], pbf[pos + 3]]) as usize;
        let header = &pbf[pos + 4..pos + 4 + header_len];
        // BlobHeader: field 3 (datasize) is a varint; fields 1 and 2 are length-delimited.
        let (mut i, mut datasize) = (0, 0usize);
        let varint = |i: &mut usize| {
            let (mut v, mut shift) = (0usize, 0);
            loop {
                let b = header[*i];
                *i += 1;
                v |= ((b & 0x7f) as usize) << shift;
                if b & 0x80 == 0 {
                    return v;
                }
                shift += 7;
            }
        };
        while i < header.len() {
            let key = varint(&mut i);
            match (key >> 3, key & 7) {
                (3, 0) => datasize = varint(&mut i),
                (_, 0) => {
                    varint(&mut i);
                }
                (_, _) => {
                    let n = varint(&mut i);
                    i += n;
                }
            }
        }
        pos += 4 + header_len + datasize;
        ends.push(pos);
    }
    ends
}

#[test]
fn truncated_extract_is_a_clear_error_and_the_previous_graph_stays() {
    let dir = scratch("bad-truncated");
    let roads = dir.join("roads");
    import_roads(&data("osm/monaco.osm.pbf"), &roads).expect("first import");
    let before = RoadNetwork::load(&roads).expect("load").metadata().clone();

    let bytes = monaco_bytes();
    let truncated = write(&dir, "truncated.osm.pbf", &bytes[..bytes.len() * 6 / 10]);
    match import_roads(&truncated, &roads) {
        Err(e @ RoutingError::Pbf { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains("truncated.osm.pbf") && msg.contains("blob"),
                "{msg}"
            );
        }
        other => panic!("expected a PBF error, got {other:?}"),
    }
    // The graph in place is untouched and still loads.
    let after = RoadNetwork::load(&roads).expect("previous graph still loads");
    assert_eq!(after.metadata(), &before);
    // No temporary directory left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn garbage_and_empty_files_are_rejected() {
    let dir = scratch("bad-garbage");
    let garbage = write(
        &dir,
        "garbage.osm.pbf",
        b"this is not a protocol buffer at all, just text\n",
    );
    assert!(matches!(
        import_roads(&garbage, &dir.join("r1")),
        Err(RoutingError::Pbf { .. })
    ));
    let empty = write(&dir, "empty.osm.pbf", b"");
    let err = import_roads(&empty, &dir.join("r2")).expect_err("empty file");
    assert!(matches!(err, RoutingError::EmptyExtract { .. }), "{err:?}");
    let missing = dir.join("missing.osm.pbf");
    assert!(matches!(
        import_roads(&missing, &dir.join("r3")),
        Err(RoutingError::Io { .. })
    ));
    assert!(!dir.join("r1").exists() && !dir.join("r2").exists());
}

#[test]
fn header_only_extract_is_empty_and_nodes_only_extract_has_no_roads() {
    let dir = scratch("bad-cut");
    let bytes = monaco_bytes();
    let ends = blob_ends(&bytes);
    assert!(
        ends.len() > 3 && *ends.last().expect("blobs") == bytes.len(),
        "blob framing: {ends:?}"
    );
    let header_only = write(&dir, "header-only.osm.pbf", &bytes[..ends[0]]);
    let err = import_roads(&header_only, &dir.join("r1")).expect_err("header only");
    assert!(matches!(err, RoutingError::EmptyExtract { .. }), "{err:?}");
    // Header and the first data block: nodes only (PBF files list nodes first).
    let nodes_only = write(&dir, "nodes-only.osm.pbf", &bytes[..ends[1]]);
    let err = import_roads(&nodes_only, &dir.join("r2")).expect_err("no roads");
    assert!(matches!(err, RoutingError::NoRoads { .. }), "{err:?}");
    assert!(err.to_string().contains("nodes-only.osm.pbf"), "{err}");
}

#[test]
fn damaged_prepared_graph_is_refused_on_load() {
    let dir = scratch("bad-graph");
    let roads = dir.join("roads");
    import_roads(&data("osm/monaco.osm.pbf"), &roads).expect("import");
    let car = roads.join("car.graph");
    let bytes = std::fs::read(&car).expect("read graph");
    std::fs::write(&car, &bytes[..bytes.len() / 2]).expect("truncate graph");
    let err = RoadNetwork::load(&roads).expect_err("truncated graph");
    assert!(matches!(err, RoutingError::CorruptGraph { .. }), "{err:?}");
    // Flip bytes in the middle instead: either refused or still consistent, never a panic.
    let mut flipped = bytes.clone();
    let mid = flipped.len() / 2;
    for b in &mut flipped[mid..mid + 64] {
        *b ^= 0xff;
    }
    std::fs::write(&car, &flipped).expect("write graph");
    let _ = RoadNetwork::load(&roads);
    std::fs::write(roads.join("metadata.json"), b"{ not json").expect("write metadata");
    assert!(matches!(
        RoadNetwork::load(&roads),
        Err(RoutingError::CorruptGraph { .. })
    ));
}
