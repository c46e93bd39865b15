//! A whole coverage-table question — which communes, with which parameters, at which level
//! and in which format — as `maillage coverage` and `GET /api/coverage` both ask it.

use super::{CoverageInput, SelectionInput, SelectionRule};
use crate::coverage::{CoverageParams, Level, Selection};
use crate::request::{RequestError, TextSource};
use chrono::NaiveDate;

/// How a table is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Csv,
    Json,
    /// Communes with their polygons (commune level only).
    Geojson,
    /// An Excel workbook: the table, then a sheet of column definitions.
    Xlsx,
}

impl TableFormat {
    pub fn name(self) -> &'static str {
        match self {
            TableFormat::Csv => "csv",
            TableFormat::Json => "json",
            TableFormat::Geojson => "geojson",
            TableFormat::Xlsx => "xlsx",
        }
    }

    /// The `format` parameter among `allowed`, `default` when absent.
    pub fn from_text(
        src: &(impl TextSource + ?Sized),
        default: TableFormat,
        allowed: &[TableFormat],
    ) -> Result<TableFormat, RequestError> {
        let Some(v) = src.text("format") else {
            return Ok(default);
        };
        allowed
            .iter()
            .copied()
            .find(|f| f.name() == v)
            .ok_or_else(|| {
                let names: Vec<&str> = allowed.iter().map(|f| f.name()).collect();
                RequestError::new("format", names.join(", ")).got(v)
            })
    }
}

/// Level and format of a coverage table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableOutput {
    pub level: Level,
    pub format: TableFormat,
}

impl TableOutput {
    /// `level` (commune by default) and `format` (`default_format` when absent); GeoJSON
    /// gives communes only.
    pub fn from_text(
        src: &(impl TextSource + ?Sized),
        default_format: TableFormat,
    ) -> Result<TableOutput, RequestError> {
        let level: Level = src.text("level").unwrap_or("commune").parse()?;
        let format = TableFormat::from_text(
            src,
            default_format,
            &[
                TableFormat::Csv,
                TableFormat::Json,
                TableFormat::Geojson,
                TableFormat::Xlsx,
            ],
        )?;
        if format == TableFormat::Geojson && level != Level::Commune {
            return Err(RequestError::new(
                "level",
                "commune with format geojson (GeoJSON gives communes)",
            )
            .got(src.text("level").unwrap_or_default()));
        }
        Ok(TableOutput { level, format })
    }
}

/// Which communes, with which parameters, written how.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageRequest {
    pub selection: Selection,
    pub params: CoverageParams,
    pub output: TableOutput,
}

impl CoverageRequest {
    /// Reads and checks every parameter of a coverage table given as text.
    pub fn from_text(
        src: &(impl TextSource + ?Sized),
        default_format: TableFormat,
        today: NaiveDate,
    ) -> Result<CoverageRequest, RequestError> {
        Ok(CoverageRequest {
            output: TableOutput::from_text(src, default_format)?,
            selection: SelectionInput::from_text(src).check(SelectionRule::AllByDefault)?,
            params: CoverageInput::from_text(src)?.check(today)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn request(pairs: &[(&str, &str)]) -> Result<CoverageRequest, RequestError> {
        let src: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        CoverageRequest::from_text(
            &src,
            TableFormat::Json,
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        )
    }

    #[test]
    fn level_and_format() {
        let r = request(&[("departement", "15"), ("level", "epci"), ("format", "csv")]).unwrap();
        assert_eq!(r.selection, Selection::Departement("15".into()));
        assert_eq!(
            r.output,
            TableOutput {
                level: Level::Epci,
                format: TableFormat::Csv
            }
        );
        let r = request(&[("level", "total")]).unwrap();
        assert_eq!(r.output.level, Level::Territory);
        assert_eq!(r.output.format, TableFormat::Json);
        for (pairs, parameter) in [
            (&[("level", "canton")][..], "level"),
            (&[("format", "xls")], "format"),
            (&[("format", "geojson"), ("level", "region")], "level"),
            (&[("departement", "999")], "departement"),
            (&[("minutes", "0")], "minutes"),
        ] {
            assert_eq!(
                request(pairs).unwrap_err().parameter,
                parameter,
                "{pairs:?}"
            );
        }
    }
}
