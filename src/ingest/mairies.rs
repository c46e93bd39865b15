//! Town halls (`code,nom,lon,lat,adresse`): the preferred representative point of a commune.

use super::{read_text, InputError};
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
    let name = path.display().to_string();
    let text = read_text(path)?;
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| InputError::file(&name, e.to_string(), "a CSV header"))?
        .clone();
    let col = |k: &str| headers.iter().position(|h| h == k);
    let (Some(c_code), Some(c_lon), Some(c_lat)) = (col("code"), col("lon"), col("lat")) else {
        return Err(InputError::new(
            &name,
            1,
            "(header)",
            headers.iter().collect::<Vec<_>>().join(","),
            "columns code, lon, lat, adresse",
        ));
    };
    let c_addr = col("adresse");
    let (mut out, mut skipped) = (Vec::new(), 0);
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| {
            InputError::new(&name, line, "(row)", e.to_string(), "a well-formed CSV row")
        })?;
        let get = |c: usize| rec.get(c).unwrap_or("").trim();
        let code = InseeCode::parse(get(c_code))
            .map_err(|e| InputError::new(&name, line, "code", get(c_code), e.expected))?;
        let blank = |c: usize| get(c).is_empty() || get(c).eq_ignore_ascii_case("nan");
        if blank(c_lon) || blank(c_lat) {
            skipped += 1;
            continue;
        }
        let num = |c: usize, f: &str| {
            get(c)
                .parse::<f64>()
                .map_err(|_| InputError::new(&name, line, f, get(c), "a decimal number"))
        };
        let (lon, lat) = (num(c_lon, "lon")?, num(c_lat, "lat")?);
        if !valid_lon_lat(lon, lat) {
            return Err(InputError::new(
                &name,
                line,
                "lon/lat",
                format!("{lon},{lat}"),
                "a WGS84 position",
            ));
        }
        let adresse = c_addr.map(|c| get(c).to_string()).unwrap_or_default();
        out.push(Mairie {
            code,
            lon,
            lat,
            adresse,
        });
    }
    Ok((out, skipped))
}
