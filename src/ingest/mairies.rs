//! Town halls (`code,nom,lon,lat,adresse`): the preferred representative point of a commune.

use super::{CsvTable, InputError};
use crate::model::InseeCode;
use crate::spatial::geodesy::valid_lon_lat;
use std::path::Path;

/// A commune's town hall as published (the point may be wrong: see the commune point rules).
#[derive(Debug, Clone)]
pub struct Mairie {
    pub code: InseeCode,
    pub lon: f64,
    pub lat: f64,
    pub adresse: String,
}

/// Reads the town-hall CSV; rows with an empty (or `nan`) position are skipped and counted.
pub fn read_mairies(path: &Path) -> Result<(Vec<Mairie>, usize), InputError> {
    let table = CsvTable::read(path)?;
    let [c_code, c_lon, c_lat] = table.columns(
        [&["code"], &["lon"], &["lat"]],
        "columns code, lon, lat, adresse",
    )?;
    let c_addr = table.column(&["adresse"]);
    let (mut out, mut skipped) = (Vec::new(), 0);
    for row in table.rows() {
        let code =
            InseeCode::parse(row.get(c_code)).map_err(|e| row.error(c_code, "code", e.expected))?;
        let blank = |c: usize| row.get(c).is_empty() || row.get(c).eq_ignore_ascii_case("nan");
        if blank(c_lon) || blank(c_lat) {
            skipped += 1;
            continue;
        }
        let (lon, lat) = (row.number(c_lon, "lon")?, row.number(c_lat, "lat")?);
        if !valid_lon_lat(lon, lat) {
            return Err(InputError::new(
                &table.name,
                row.line,
                "lon/lat",
                format!("{lon},{lat}"),
                "a WGS84 position",
            ));
        }
        out.push(Mairie {
            code,
            lon,
            lat,
            adresse: c_addr.map(|c| row.get(c).to_string()).unwrap_or_default(),
        });
    }
    Ok((out, skipped))
}
