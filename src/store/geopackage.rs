//! Geometries as a GeoPackage stores them (OGC 12-128r18 §2.1.3): a header — magic `GP`,
//! version 0, flags, SRS id, optional envelope — followed by the geometry in WKB. The SQLite
//! store writes one beside each row's own columns, so that QGIS and GDAL read the file as a
//! GeoPackage; maillage itself never reads them back.

use super::wkb::multipolygon_to_wkb;
use geo::{BoundingRect, MultiPolygon};

/// WGS84 longitude/latitude, the SRS of every layer.
pub const WGS84: i32 = 4326;

/// Flags: little-endian header, no envelope.
const LITTLE_NO_ENVELOPE: u8 = 0b0000_0001;
/// Flags: little-endian header, envelope [minx, maxx, miny, maxy].
const LITTLE_XY_ENVELOPE: u8 = 0b0000_0011;
/// Flags: little-endian header, no envelope, empty geometry.
const LITTLE_EMPTY: u8 = 0b0001_0001;

/// A box [min lon, max lon, min lat, max lat], as the R-tree tables hold it.
pub type Envelope = [f64; 4];

fn header(flags: u8, envelope: Option<Envelope>) -> Vec<u8> {
    let mut out = vec![b'G', b'P', 0, flags];
    out.extend_from_slice(&WGS84.to_le_bytes());
    for v in envelope.into_iter().flatten() {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out
}

/// A point, without an envelope (a point's box is itself).
pub fn point(lon: f64, lat: f64) -> Vec<u8> {
    let mut out = header(LITTLE_NO_ENVELOPE, None);
    out.push(1);
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&lon.to_le_bytes());
    out.extend_from_slice(&lat.to_le_bytes());
    out
}

/// The box of an outline, `None` when it has no coordinates.
pub fn envelope(mp: &MultiPolygon<f64>) -> Option<Envelope> {
    let r = mp.bounding_rect()?;
    Some([r.min().x, r.max().x, r.min().y, r.max().y])
}

/// An outline with its envelope (readers skip outlines outside the view from the header alone).
pub fn multipolygon(mp: &MultiPolygon<f64>) -> Vec<u8> {
    let mut out = match envelope(mp) {
        Some(e) => header(LITTLE_XY_ENVELOPE, Some(e)),
        None => header(LITTLE_EMPTY, None),
    };
    out.extend_from_slice(&multipolygon_to_wkb(mp));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f64_at(b: &[u8], at: usize) -> f64 {
        f64::from_le_bytes(b[at..at + 8].try_into().unwrap())
    }

    #[test]
    fn a_point_is_the_header_then_wkb() {
        let b = point(2.35, 48.85);
        assert_eq!(&b[..4], b"GP\x00\x01");
        assert_eq!(i32::from_le_bytes(b[4..8].try_into().unwrap()), 4326);
        assert_eq!(b[8], 1, "WKB little endian");
        assert_eq!(
            u32::from_le_bytes(b[9..13].try_into().unwrap()),
            1,
            "WKB Point"
        );
        assert_eq!((f64_at(&b, 13), f64_at(&b, 21)), (2.35, 48.85));
        assert_eq!(b.len(), 29);
    }

    #[test]
    fn an_outline_carries_its_envelope() {
        let mp = geo::wkt!(MULTIPOLYGON(((1. 45., 2.5 45., 2. 46.25, 1. 45.))));
        let b = multipolygon(&mp);
        assert_eq!(&b[..4], b"GP\x00\x03");
        let env: Vec<f64> = (0..4).map(|k| f64_at(&b, 8 + 8 * k)).collect();
        assert_eq!(env, vec![1., 2.5, 45., 46.25]);
        assert_eq!(&b[40..], &multipolygon_to_wkb(&mp)[..]);
        let empty = multipolygon(&MultiPolygon::new(vec![]));
        assert_eq!(empty[3] & 0b1_0000, 0b1_0000, "empty flag");
    }
}
