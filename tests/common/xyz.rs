//! Web Mercator tile arithmetic (XYZ scheme, extent 4096) for the tile tests, written
//! independently of the server's own.

/// The XYZ tile holding a WGS84 position at zoom `z`.
pub fn tile_of(lon: f64, lat: f64, z: u8) -> (u32, u32) {
    let (fx, fy) = fraction_of(lon, lat, z);
    (fx.floor() as u32, fy.floor() as u32)
}

/// The position of a WGS84 point in the units of tile z/x/y (extent 4096).
pub fn units_in(lon: f64, lat: f64, z: u8, x: u32, y: u32) -> (f64, f64) {
    let (fx, fy) = fraction_of(lon, lat, z);
    ((fx - f64::from(x)) * 4096.0, (fy - f64::from(y)) * 4096.0)
}

/// The WGS84 position of tile units (u, v) of tile z/x/y (extent 4096).
pub fn lon_lat_of(u: f64, v: f64, z: u8, x: u32, y: u32) -> [f64; 2] {
    let n = f64::from(1u32 << z);
    let fx = f64::from(x) + u / 4096.0;
    let fy = f64::from(y) + v / 4096.0;
    let lon = fx / n * 360.0 - 180.0;
    let lat = (std::f64::consts::PI * (1.0 - 2.0 * fy / n))
        .sinh()
        .atan()
        .to_degrees();
    [lon, lat]
}

/// A WGS84 position in tiles of zoom `z` (fractional x, y).
fn fraction_of(lon: f64, lat: f64, z: u8) -> (f64, f64) {
    let n = f64::from(1u32 << z);
    let fx = (lon + 180.0) / 360.0 * n;
    let lat = lat.to_radians();
    let fy = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * n;
    (fx, fy)
}
