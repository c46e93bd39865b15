//! Candidate stops from an organiser's CSV file (`--candidates FILE.csv`): columns `id`,
//! `name`, `commune`, `lon`, `lat`, and optionally `frequency`, `visit_minutes`,
//! `window_start`, `window_end`, `keep` (`true`/`false`, `1`/`0`, `oui`/`non`). Without a
//! file, the candidates are the gap communes of the coverage engine ([`super::build`]).

use super::request::CandidateInput;
use crate::ingest::{CsvTable, InputError};
use crate::spatial::geodesy::valid_lon_lat;
use std::path::Path;

/// The candidates of a file, each with its line (the header is line 1), for errors found
/// later to name it.
pub fn read_candidates(path: &Path) -> Result<(Vec<CandidateInput>, Vec<usize>), InputError> {
    let table = CsvTable::read(path)?;
    let [c_lon, c_lat] = table.columns(
        [&["lon", "longitude"], &["lat", "latitude"]],
        "columns id, name, commune, lon, lat (and optionally frequency, visit_minutes, window_start, window_end, keep)",
    )?;
    let col = |n: &[&str]| table.column(n);
    let (c_id, c_name, c_commune) = (
        col(&["id"]),
        col(&["name", "nom"]),
        col(&["commune", "code"]),
    );
    let (c_freq, c_visit) = (col(&["frequency"]), col(&["visit_minutes"]));
    let (c_ws, c_we, c_keep) = (col(&["window_start"]), col(&["window_end"]), col(&["keep"]));
    let mut out = Vec::new();
    let mut lines = Vec::new();
    for row in table.rows() {
        let text = |c: Option<usize>| c.map(|c| row.get(c).to_string()).filter(|t| !t.is_empty());
        let (lon, lat) = (row.number(c_lon, "lon")?, row.number(c_lat, "lat")?);
        if !valid_lon_lat(lon, lat) {
            return Err(row.error(
                c_lon,
                "lon",
                "a WGS84 position (lon -180..180, lat -90..90)",
            ));
        }
        let visit_minutes = match c_visit.filter(|&c| !row.get(c).is_empty()) {
            None => None,
            Some(c) => Some(
                row.get(c)
                    .parse::<u32>()
                    .map_err(|_| row.error(c, "visit_minutes", "a whole number of minutes"))?,
            ),
        };
        let window = match (text(c_ws), text(c_we)) {
            (None, None) => None,
            (Some(a), Some(b)) => Some(vec![a, b]),
            _ => {
                let c = c_ws.or(c_we).unwrap_or(0);
                return Err(row.error(
                    c,
                    "window_start",
                    "both window_start and window_end, or neither",
                ));
            }
        };
        let keep = match c_keep.map(|c| (c, row.get(c).to_ascii_lowercase())) {
            None => None,
            Some((_, v)) if v.is_empty() => None,
            Some((_, v)) if ["true", "1", "oui", "yes"].contains(&v.as_str()) => Some(true),
            Some((_, v)) if ["false", "0", "non", "no"].contains(&v.as_str()) => Some(false),
            Some((c, _)) => return Err(row.error(c, "keep", "true or false")),
        };
        out.push(CandidateInput {
            id: text(c_id),
            name: text(c_name),
            commune: text(c_commune),
            point: [lon, lat],
            frequency: text(c_freq),
            visit_minutes,
            window,
            keep,
        });
        lines.push(row.line);
    }
    if out.is_empty() {
        return Err(InputError::file(
            &table.name,
            "no row",
            "at least one candidate",
        ));
    }
    Ok((out, lines))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read(text: &str) -> Result<Vec<CandidateInput>, InputError> {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        read_candidates(f.path()).map(|(c, _)| c)
    }

    #[test]
    fn rows_become_candidates_and_faults_name_line_and_field() {
        let c = read("id,name,commune,lon,lat,frequency,window_start,window_end,keep\na,Meymac,19136,2.14,45.53,fortnightly,09:00,12:00,oui\n")
            .unwrap();
        assert_eq!(c[0].id.as_deref(), Some("a"));
        assert_eq!(c[0].window, Some(vec!["09:00".to_string(), "12:00".into()]));
        assert_eq!(c[0].keep, Some(true));
        assert_eq!(c[0].frequency.as_deref(), Some("fortnightly"));
        let e = read("id,lon,lat\na,2.1,45\nb,2.1,north\n").unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (3, "lat"));
        let e = read("id,lon,lat,window_start\na,2.1,45,09:00\n").unwrap_err();
        assert_eq!(e.field, "window_start");
        let e = read("id,lon,lat,keep\na,2.1,45,maybe\n").unwrap_err();
        assert_eq!(e.field, "keep");
        assert!(read("id,x,y\n").is_err());
    }
}
