//! Reading an address file: BAN (`adresses-XX.csv`, `;`-separated with a header) or BANO
//! (`,`-separated, no header: `id,numero,voie,code_postal,commune,source,lat,lon`). Every row
//! is checked; the first bad one stops the read, naming its line, field and what was expected.

use super::{Address, AddressError};
use std::io::Read;
use std::path::Path;

/// The two address formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressFormat {
    /// Base Adresse Nationale: `;`, header with `numero`, `nom_voie`, `code_postal`, `lon`, `lat`…
    Ban,
    /// Base Adresse Nationale Ouverte (OSM): `,`, eight columns, no header.
    Bano,
}

impl AddressFormat {
    pub fn name(self) -> &'static str {
        match self {
            AddressFormat::Ban => "BAN",
            AddressFormat::Bano => "BANO",
        }
    }
}

/// The columns a BAN header may use for each field (BAN export, then Base Adresse Locale).
const BAN_COLUMNS: &[(&str, &[&str])] = &[
    ("id", &["id", "cle_interop"]),
    ("numero", &["numero"]),
    ("rep", &["rep", "suffixe"]),
    ("nom_voie", &["nom_voie", "voie_nom"]),
    ("code_postal", &["code_postal"]),
    ("code_insee", &["code_insee", "commune_insee"]),
    ("nom_commune", &["nom_commune", "commune_nom"]),
    ("lon", &["lon", "long"]),
    ("lat", &["lat"]),
];

/// Reads and checks every row of an address file; the format is told by its first line.
pub fn read_addresses(path: &Path) -> Result<(AddressFormat, Vec<Address>), AddressError> {
    let file = path.display().to_string();
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| AddressError::Io {
            file: file.clone(),
            detail: e.to_string(),
        })?;
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let format = if first_line.contains(&b';') {
        AddressFormat::Ban
    } else {
        AddressFormat::Bano
    };
    let delimiter = match format {
        AddressFormat::Ban => b';',
        AddressFormat::Bano => b',',
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes.as_slice());
    let mut records = reader.byte_records();
    let columns: Vec<usize> = match format {
        AddressFormat::Ban => {
            let header = match records.next() {
                Some(Ok(h)) => h,
                _ => {
                    return Err(AddressError::Format {
                        file,
                        detail: "empty file: expected a BAN header line".into(),
                    })
                }
            };
            let names: Vec<String> = header
                .iter()
                .map(|h| {
                    String::from_utf8_lossy(h)
                        .trim()
                        .trim_start_matches('\u{feff}')
                        .to_string()
                })
                .collect();
            BAN_COLUMNS
                .iter()
                .map(|(field, aliases)| {
                    names
                        .iter()
                        .position(|n| aliases.contains(&n.as_str()))
                        .ok_or_else(|| AddressError::Format {
                            file: file.clone(),
                            detail: format!(
                                "BAN header has no column `{field}` (expected one of {}); found: {}",
                                aliases.join(", "),
                                names.join(";")
                            ),
                        })
                })
                .collect::<Result<_, _>>()?
        }
        // id, numero, rep (none), voie, code_postal, code_insee (from the id), commune, lon, lat
        AddressFormat::Bano => vec![0, 1, usize::MAX, 2, 3, usize::MAX, 4, 7, 6],
    };
    let mut out = Vec::new();
    for record in records {
        let record = record.map_err(|e| AddressError::Format {
            file: file.clone(),
            detail: e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let row_error = |field: &str, detail: String| AddressError::Row {
            file: file.clone(),
            line,
            field: field.to_string(),
            detail,
        };
        if format == AddressFormat::Bano && record.len() != 8 {
            return Err(row_error(
                "row",
                format!(
                    "expected 8 BANO columns (id,numero,voie,code_postal,commune,source,lat,lon), got {}",
                    record.len()
                ),
            ));
        }
        let field = |k: usize| -> Result<String, AddressError> {
            let (name, _) = BAN_COLUMNS[k];
            let col = columns[k];
            if col == usize::MAX {
                return Ok(String::new());
            }
            let raw = record.get(col).unwrap_or_default();
            let text = std::str::from_utf8(raw)
                .map_err(|_| row_error(name, "not valid UTF-8 text".into()))?
                .trim();
            if let Some(c) = text.chars().find(|c| c.is_control()) {
                return Err(row_error(
                    name,
                    format!("control character U+{:04X}", c as u32),
                ));
            }
            Ok(text.to_string())
        };
        let id = field(0)?;
        if id.is_empty() {
            return Err(row_error("id", "expected an id, got nothing".into()));
        }
        let numero = field(1)?;
        let number_ok = numero.chars().next().is_some_and(|c| c.is_ascii_digit())
            && numero
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' ');
        if !number_ok {
            return Err(row_error(
                "numero",
                format!(
                    "expected a house number such as 12 or 12bis, got {:?}",
                    cut(&numero)
                ),
            ));
        }
        let rep = field(2)?;
        let numero = if rep.is_empty() {
            numero
        } else {
            format!("{numero} {rep}")
        };
        let voie = field(3)?;
        if voie.is_empty() {
            return Err(row_error(
                "nom_voie",
                "expected a street name, got nothing".into(),
            ));
        }
        let code_postal = field(4)?;
        if code_postal.len() != 5 || !code_postal.bytes().all(|b| b.is_ascii_digit()) {
            return Err(row_error(
                "code_postal",
                format!("expected five digits, got {:?}", cut(&code_postal)),
            ));
        }
        let commune = field(6)?;
        if commune.is_empty() {
            return Err(row_error(
                "nom_commune",
                "expected a commune name, got nothing".into(),
            ));
        }
        let code_insee = match format {
            AddressFormat::Ban => Some(field(5)?).filter(|c| !c.is_empty()),
            // A BANO id starts with the commune's INSEE code.
            AddressFormat::Bano => id
                .get(..5)
                .filter(|c| c.bytes().all(|b| b.is_ascii_alphanumeric()))
                .map(str::to_string),
        };
        let coordinate = |k: usize, max: f64| -> Result<f64, AddressError> {
            let text = field(k)?;
            let (name, _) = BAN_COLUMNS[k];
            text.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && v.abs() <= max)
                .ok_or_else(|| {
                    row_error(
                        name,
                        format!(
                            "expected a number of degrees within ±{max}, got {:?}",
                            cut(&text)
                        ),
                    )
                })
        };
        let lon = coordinate(7, 180.0)?;
        let lat = coordinate(8, 90.0)?;
        out.push(Address {
            id,
            numero,
            voie,
            code_postal,
            commune,
            code_insee,
            lon,
            lat,
        });
    }
    Ok((format, out))
}

/// A value cut to 80 characters for an error message.
fn cut(s: &str) -> String {
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
