//! Tables as Excel workbooks (`.xlsx`), since planners live in spreadsheets: codes stay text
//! (INSEE 01001 keeps its zero), numbers are numbers, the header row is frozen and filtered,
//! and a second sheet, "colonnes", defines every column. The CSV stays as it is for scripts.

use crate::coverage::columns;
use crate::coverage::table::{Cell, Row};
use crate::model::Place;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// Media type of a workbook.
pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Excel's limit on the characters of one cell; longer text is cut (never silently: it ends
/// with "…").
const MAX_CELL_CHARS: usize = 32_767;

/// A table to write: a sheet name, columns with their definitions, rows of cells.
pub struct Table {
    pub sheet: &'static str,
    pub columns: Vec<(String, String)>,
    pub rows: Vec<Vec<Cell>>,
}

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
#[error("writing the spreadsheet: {0}")]
pub struct SpreadsheetError(#[from] XlsxError);

/// The workbook's bytes: the table's sheet, then the "colonnes" sheet.
pub fn xlsx(table: &Table) -> Result<Vec<u8>, SpreadsheetError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name(table.sheet)?;
    for (c, (name, _)) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), name, &bold)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, cell) in row.iter().enumerate() {
            let c = col(c);
            match cell {
                Cell::Text(s) => {
                    sheet.write_string(r, c, fit(s))?;
                }
                Cell::Int(n) => {
                    sheet.write_number(r, c, *n as f64)?;
                }
                Cell::Num(x) if x.is_finite() => {
                    sheet.write_number(r, c, *x)?;
                }
                Cell::Bool(b) => {
                    sheet.write_boolean(r, c, *b)?;
                }
                Cell::Num(_) | Cell::Null => {}
            }
        }
    }
    if !table.columns.is_empty() {
        sheet.set_freeze_panes(1, 0)?;
        let last_row = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
        sheet.autofilter(0, 0, last_row, col(table.columns.len() - 1))?;
    }
    let defs = book.add_worksheet();
    defs.set_name("colonnes")?;
    defs.write_string_with_format(0, 0, "colonne", &bold)?;
    defs.write_string_with_format(0, 1, "définition", &bold)?;
    for (r, (name, definition)) in table.columns.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        defs.write_string(r, 0, name)?;
        defs.write_string(r, 1, definition)?;
    }
    defs.set_column_width(0, 32)?;
    defs.set_column_width(1, 100)?;
    defs.set_freeze_panes(1, 0)?;
    Ok(book.save_to_buffer()?)
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn fit(s: &str) -> String {
    if s.chars().count() <= MAX_CELL_CHARS {
        return s.to_string();
    }
    let mut cut: String = s.chars().take(MAX_CELL_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// The coverage table (commune rows or roll-ups), its columns those of the first row.
pub fn coverage_table(rows: &[Row]) -> Table {
    let columns = rows
        .first()
        .map(|r| {
            r.0.iter()
                .map(|(name, _)| {
                    let d = columns::definition(name).unwrap_or_default();
                    (name.clone(), d)
                })
                .collect()
        })
        .unwrap_or_default();
    Table {
        sheet: "couverture",
        columns,
        rows: rows
            .iter()
            .map(|r| r.0.iter().map(|(_, c)| c.clone()).collect())
            .collect(),
    }
}

/// The places in the standard's 32 columns (as the CSV export), latitude and longitude as
/// numbers, every other cell as text.
pub fn places_table<'a>(places: impl IntoIterator<Item = &'a Place>) -> Table {
    let fields = crate::standard::FIELDS;
    let columns = fields
        .iter()
        .map(|f| ((*f).to_string(), place_definition(f).to_string()))
        .collect();
    let rows = places
        .into_iter()
        .map(|p| {
            fields
                .iter()
                .zip(crate::standard::place_row(p))
                .map(|(f, v)| place_cell(f, v))
                .collect()
        })
        .collect();
    Table {
        sheet: "lieux",
        columns,
        rows,
    }
}

fn place_cell(field: &str, value: String) -> Cell {
    if value.is_empty() {
        return Cell::Null;
    }
    if matches!(field, "latitude" | "longitude") {
        if let Ok(x) = value.parse::<f64>() {
            return Cell::Num(x);
        }
    }
    Cell::Text(value)
}

/// The standard's fields, in a line each (lists are separated by `|`, as in the CSV).
fn place_definition(field: &str) -> &'static str {
    match field {
        "id" => "identifier of the record in its source",
        "pivot" => "SIRET of the structure (or 00000000000000)",
        "nom" => "name of the place",
        "commune" => "commune name as given by the source",
        "code_postal" => "postcode, text (leading zero kept)",
        "code_insee" => "INSEE code of the commune, text (leading zero kept)",
        "adresse" => "street address",
        "complement_adresse" => "address complement",
        "latitude" => "WGS84 latitude, degrees",
        "longitude" => "WGS84 longitude, degrees",
        "typologie" => "kinds of structure (standard's vocabulary), |-separated",
        "telephone" => "telephone, international form",
        "courriels" => "e-mail addresses, |-separated",
        "site_web" => "web sites, |-separated",
        "horaires" => "opening hours, OSM opening_hours syntax",
        "presentation_resume" => "short presentation (280 characters at most)",
        "presentation_detail" => "detailed presentation",
        "source" => "producer of the record",
        "itinerance" => "Fixe and/or Itinérant",
        "structure_parente" => "parent structure",
        "date_maj" => "date of the record's last update, YYYY-MM-DD",
        "services" => "services offered (standard's vocabulary), |-separated",
        "publics_specifiquement_adresses" => "audiences specifically addressed, |-separated",
        "prise_en_charge_specifique" => "specific support (disabilities, languages…), |-separated",
        "frais_a_charge" => "Gratuit, Gratuit sous condition, Payant, |-separated",
        "dispositif_programmes_nationaux" => {
            "national programmes (France Services, Conseillers numériques…), |-separated"
        }
        "formations_labels" => "labels and trainings (standard's vocabulary), |-separated",
        "autres_formations_labels" => "other labels and trainings, |-separated",
        "modalites_acces" => "how to come (walk-in, appointment…), |-separated",
        "modalites_accompagnement" => {
            "how help is given (alone, with help, in a workshop…), |-separated"
        }
        "fiche_acces_libre" => "URL of the place's Acceslibre accessibility sheet",
        "prise_rdv" => "URL to book an appointment",
        _ => "",
    }
}
