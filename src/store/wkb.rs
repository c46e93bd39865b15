//! Well-Known Binary for commune outlines, the exchange format with PostGIS: written as a
//! little-endian MultiPolygon, read as a Polygon or MultiPolygon in either byte order. Binary,
//! so coordinates come back bit for bit.

use geo::{Coord, LineString, MultiPolygon, Polygon};

const POLYGON: u32 = 3;
const MULTI_POLYGON: u32 = 6;

/// The outline as WKB (little endian, 2D).
pub fn multipolygon_to_wkb(mp: &MultiPolygon<f64>) -> Vec<u8> {
    let mut out = Vec::new();
    header(&mut out, MULTI_POLYGON);
    count(&mut out, mp.0.len());
    for p in &mp.0 {
        header(&mut out, POLYGON);
        count(&mut out, 1 + p.interiors().len());
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            count(&mut out, ring.0.len());
            for c in &ring.0 {
                out.extend_from_slice(&c.x.to_le_bytes());
                out.extend_from_slice(&c.y.to_le_bytes());
            }
        }
    }
    out
}

fn header(out: &mut Vec<u8>, kind: u32) {
    out.push(1);
    out.extend_from_slice(&kind.to_le_bytes());
}

fn count(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u32).to_le_bytes());
}

/// Reads a 2D Polygon or MultiPolygon; says what is wrong otherwise.
pub fn multipolygon_from_wkb(bytes: &[u8]) -> Result<MultiPolygon<f64>, String> {
    let mut r = Reader { bytes, at: 0 };
    let (little, kind) = r.header()?;
    let mp = match kind {
        POLYGON => MultiPolygon::new(vec![r.polygon(little)?]),
        MULTI_POLYGON => {
            let n = r.u32(little)?;
            let mut polygons = Vec::new();
            for _ in 0..n {
                let (little, kind) = r.header()?;
                if kind != POLYGON {
                    return Err(format!(
                        "expected a polygon inside a multipolygon, got type {kind}"
                    ));
                }
                polygons.push(r.polygon(little)?);
            }
            MultiPolygon::new(polygons)
        }
        other => {
            return Err(format!(
                "expected a 2D polygon or multipolygon, got WKB type {other}"
            ))
        }
    };
    if r.at != bytes.len() {
        return Err(format!(
            "{} bytes left after the geometry",
            bytes.len() - r.at
        ));
    }
    Ok(mp)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let end = self.at + N;
        let b = self
            .bytes
            .get(self.at..end)
            .ok_or_else(|| format!("WKB cut short at byte {}", self.at))?;
        self.at = end;
        Ok(b.try_into().expect("N bytes"))
    }

    fn header(&mut self) -> Result<(bool, u32), String> {
        let [order] = self.take::<1>()?;
        let little = match order {
            0 => false,
            1 => true,
            o => return Err(format!("bad WKB byte order {o}")),
        };
        Ok((little, self.u32(little)?))
    }

    fn u32(&mut self, little: bool) -> Result<u32, String> {
        let b = self.take::<4>()?;
        Ok(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }

    fn f64(&mut self, little: bool) -> Result<f64, String> {
        let b = self.take::<8>()?;
        Ok(if little {
            f64::from_le_bytes(b)
        } else {
            f64::from_be_bytes(b)
        })
    }

    fn polygon(&mut self, little: bool) -> Result<Polygon<f64>, String> {
        let rings = self.u32(little)?;
        let mut all = Vec::new();
        for _ in 0..rings {
            let n = self.u32(little)? as usize;
            if n > self.bytes.len() / 16 {
                return Err(format!("a ring of {n} points does not fit in the WKB"));
            }
            let mut coords = Vec::with_capacity(n);
            for _ in 0..n {
                coords.push(Coord {
                    x: self.f64(little)?,
                    y: self.f64(little)?,
                });
            }
            all.push(LineString::new(coords));
        }
        let mut rings = all.into_iter();
        let exterior = rings.next().unwrap_or_else(|| LineString::new(vec![]));
        Ok(Polygon::new(exterior, rings.collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_round_trip_bit_for_bit() {
        let mp = geo::wkt!(MULTIPOLYGON(
            ((1.123456789012345 45.1, 2. 45., 2. 46., 1.123456789012345 45.1),
             (1.5 45.5, 1.6 45.5, 1.6 45.6, 1.5 45.5)),
            ((3. 44., 4. 44., 4. 45., 3. 44.))
        ));
        assert_eq!(
            multipolygon_from_wkb(&multipolygon_to_wkb(&mp)).unwrap(),
            mp
        );
    }

    #[test]
    fn a_big_endian_polygon_reads_and_garbage_is_refused() {
        let mut be = vec![0u8];
        be.extend_from_slice(&POLYGON.to_be_bytes());
        be.extend_from_slice(&1u32.to_be_bytes());
        be.extend_from_slice(&4u32.to_be_bytes());
        for (x, y) in [(0.0f64, 0.0f64), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)] {
            be.extend_from_slice(&x.to_be_bytes());
            be.extend_from_slice(&y.to_be_bytes());
        }
        let mp = multipolygon_from_wkb(&be).unwrap();
        assert_eq!(mp, geo::wkt!(MULTIPOLYGON(((0. 0., 1. 0., 1. 1., 0. 0.)))));
        let cut = multipolygon_from_wkb(&be[..be.len() - 4]).unwrap_err();
        assert!(cut.contains("cut short"), "{cut}");
        let short = multipolygon_from_wkb(&be[..20]).unwrap_err();
        assert!(short.contains("does not fit"), "{short}");
        let mut point = vec![1u8];
        point.extend_from_slice(&1u32.to_le_bytes());
        assert!(multipolygon_from_wkb(&point)
            .unwrap_err()
            .contains("type 1"));
    }
}
