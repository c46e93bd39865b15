//! Field checks shared by every reader: what rejects a row, what only warns, and the
//! normalisations (telephone, hours, vocabularies).

use super::fields::{fold, split_multi};
use super::report::Report;
use super::RowError;
use crate::ingest::clip;
use crate::model::*;
use chrono::NaiveDate;

/// The state of the row being read: where it is, its warnings, the file's report.
pub(crate) struct RowCtx<'a> {
    file: &'a str,
    pub line: usize,
    warnings: Vec<String>,
    pub report: &'a mut Report,
}

impl<'a> RowCtx<'a> {
    pub fn new(file: &'a str, line: usize, report: &'a mut Report) -> Self {
        RowCtx {
            file,
            line,
            warnings: Vec::new(),
            report,
        }
    }

    pub fn warn(&mut self, message: impl Into<String>) {
        self.warnings.push(message.into());
    }

    /// The error that rejects this row.
    pub fn reject(&self, field: &str, value: &str, expected: &str) -> RowError {
        RowError {
            file: self.file.to_string(),
            line: self.line,
            field: field.to_string(),
            value: clip(value),
            expected: expected.to_string(),
        }
    }

    /// A value kept verbatim because the standard has no equivalent: warned and counted.
    pub fn unmapped(&mut self, field: &str, value: &str) {
        self.report.count_unmapped(field, value);
        self.warn(format!(
            "field `{field}`: {value:?} is not a value of the standard v1.0.2, kept as is"
        ));
    }

    pub fn finish(self) -> Vec<String> {
        self.warnings
    }
}

/// A field the row cannot do without (`id`, `nom`).
pub(crate) fn required(ctx: &RowCtx, field: &str, value: Option<&str>) -> Result<String, RowError> {
    value
        .map(String::from)
        .ok_or_else(|| ctx.reject(field, "", "a non-empty value (required)"))
}

/// A field the standard requires but a place is usable without: warns when missing.
pub(crate) fn wanted(ctx: &mut RowCtx, field: &str, value: Option<&str>) -> String {
    match value {
        Some(v) => v.to_string(),
        None => {
            ctx.warn(format!(
                "field `{field}` is required by the standard but empty"
            ));
            String::new()
        }
    }
}

pub(crate) fn opt(value: Option<&str>) -> Option<String> {
    value.map(String::from)
}

pub(crate) fn list(value: Option<&str>) -> Vec<String> {
    value
        .map(|v| split_multi(v).into_iter().map(String::from).collect())
        .unwrap_or_default()
}

/// Latitude and longitude (WGS84 degrees). Text that is not a number, or out of range,
/// rejects the row; a missing one leaves the place without a position, with a warning.
pub(crate) fn coordinates(
    ctx: &mut RowCtx,
    lat: Option<&str>,
    lon: Option<&str>,
) -> Result<(Option<f64>, Option<f64>), RowError> {
    let parse = |field: &str, text: &str, limit: f64| -> Result<f64, RowError> {
        let expected = format!("a decimal number of degrees between -{limit} and {limit}");
        match text.replace(',', ".").parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= limit => Ok(v),
            _ => Err(ctx.reject(field, text, &expected)),
        }
    };
    let lat = lat.map(|t| parse("latitude", t, 90.0)).transpose()?;
    let lon = lon.map(|t| parse("longitude", t, 180.0)).transpose()?;
    match (lat, lon) {
        (Some(la), Some(lo)) => {
            if la == 0.0 && lo == 0.0 {
                ctx.warn("coordinates 0,0 are a placeholder: place without position");
                return Ok((None, None));
            }
            Ok((Some(la), Some(lo)))
        }
        (None, None) => {
            ctx.warn("no coordinates: the place cannot be put on the map until geocoded");
            Ok((None, None))
        }
        _ => {
            ctx.warn("only one of latitude/longitude is given: place without position");
            Ok((None, None))
        }
    }
}

pub(crate) fn insee(ctx: &RowCtx, value: Option<&str>) -> Result<Option<InseeCode>, RowError> {
    value
        .map(|v| InseeCode::parse(v).map_err(|e| ctx.reject("code_insee", v, e.expected)))
        .transpose()
}

/// `date_maj`: an ISO date (a trailing time, as some exports add, is ignored).
pub(crate) fn date_maj(
    ctx: &mut RowCtx,
    value: Option<&str>,
) -> Result<Option<NaiveDate>, RowError> {
    let Some(v) = value else {
        ctx.warn("field `date_maj` is required by the standard but empty");
        return Ok(None);
    };
    let day = v.get(..10).unwrap_or(v);
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ctx.reject("date_maj", v, "an ISO date like 2024-04-02"))
}

/// `code_postal`: 5 digits. A postcode of 4 digits has lost its leading zero (a spreadsheet
/// read it as a number: `5110` for `05110`) and is repaired with a warning; anything else
/// that is not 5 digits is kept with a warning.
pub(crate) fn code_postal(ctx: &mut RowCtx, value: Option<&str>) -> String {
    let v = wanted(ctx, "code_postal", value);
    let digits = |n: usize| v.len() == n && v.bytes().all(|b| b.is_ascii_digit());
    if digits(4) {
        let repaired = format!("0{v}");
        ctx.report
            .count_note("field `code_postal`: a lost leading zero was restored (4 digits → 5)");
        ctx.warn(format!(
            "field `code_postal`: {v:?} has lost its leading zero, read as {repaired:?}"
        ));
        return repaired;
    }
    if !v.is_empty() && !digits(5) {
        ctx.warn(format!("field `code_postal`: {v:?} is not 5 digits"));
    }
    v
}

/// Calling codes the standard accepts, and the French national prefixes that belong to them.
const OVERSEAS_PREFIXES: &[(&str, &str)] = &[
    ("0262", "+262"),
    ("0263", "+262"),
    ("0269", "+262"),
    ("0639", "+262"),
    ("0692", "+262"),
    ("0693", "+262"),
    ("0590", "+590"),
    ("0690", "+590"),
    ("0691", "+590"),
    ("0594", "+594"),
    ("0694", "+594"),
    ("0596", "+596"),
    ("0696", "+596"),
    ("0697", "+596"),
    ("0508", "+508"),
];
const CALLING_CODES: &[&str] = &[
    "+33", "+590", "+594", "+262", "+596", "+269", "+687", "+689", "+508", "+681",
];

/// A telephone number in the standard's form (`+33180059880`). French national numbers
/// (`04 50 56 87 49`) are converted; anything else is kept as given, with a warning.
pub(crate) fn telephone(ctx: &mut RowCtx, value: Option<&str>) -> Option<String> {
    let raw = value?;
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')' | '\u{a0}'))
        .collect();
    let international = if let Some(rest) = digits.strip_prefix('+') {
        rest.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.clone())
    } else if digits.len() == 10
        && digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        let code = OVERSEAS_PREFIXES
            .iter()
            .find(|(p, _)| digits.starts_with(p))
            .map_or("+33", |(_, c)| c);
        Some(format!("{code}{}", &digits[1..]))
    } else {
        None
    };
    let valid = international.as_deref().is_some_and(|t| {
        CALLING_CODES.iter().any(|c| {
            t.strip_prefix(c)
                .is_some_and(|rest| (6..=9).contains(&rest.len()))
        })
    });
    if valid {
        international
    } else {
        ctx.warn(format!(
            "field `telephone`: {raw:?} is not a number like +33180059880, kept as is"
        ));
        Some(raw.to_string())
    }
}

/// Opening hours kept as published, with whether they parse as OSM `opening_hours`.
pub(crate) fn horaires(ctx: &mut RowCtx, value: Option<&str>) -> (Option<String>, Option<bool>) {
    let Some(text) = value else {
        return (None, None);
    };
    match crate::hours::parse(text) {
        Ok(_) => (Some(text.to_string()), Some(true)),
        Err(e) => {
            ctx.report
                .count_note("field `horaires` is not valid OSM opening hours, kept as text");
            ctx.warn(format!("field `horaires`: {e}"));
            (Some(text.to_string()), Some(false))
        }
    }
}

pub(crate) fn presentation_resume(ctx: &mut RowCtx, value: Option<&str>) -> Option<String> {
    let v = value?;
    if v.chars().count() > 280 {
        ctx.warn(format!(
            "field `presentation_resume` has {} characters, more than the standard's 280",
            v.chars().count()
        ));
    }
    Some(v.to_string())
}

/// A closed vocabulary of the model, seen generically.
pub(crate) trait Vocab: Sized {
    fn labels() -> &'static [&'static str];
    fn from_label(s: &str) -> Self;
}

macro_rules! vocab {
    ($($t:ty),+) => {$(
        impl Vocab for $t {
            fn labels() -> &'static [&'static str] { <$t>::LABELS }
            fn from_label(s: &str) -> Self { <$t>::from_label(s) }
        }
    )+};
}
vocab!(
    Service,
    Public,
    PriseEnCharge,
    Frais,
    Dispositif,
    ModaliteAcces,
    ModaliteAccompagnement,
    Itinerance
);

/// The standard label matching `item` exactly, or after folding case, accents and spaces.
pub(crate) fn find_label<T: Vocab>(item: &str) -> Option<&'static str> {
    let labels = T::labels();
    labels.iter().find(|l| **l == item).copied().or_else(|| {
        let f = fold(item);
        labels.iter().find(|l| fold(l) == f).copied()
    })
}

/// A multi-valued vocabulary cell; unknown values are kept as `Other` and reported.
pub(crate) fn vocab_list<T: Vocab + PartialEq>(
    ctx: &mut RowCtx,
    field: &str,
    value: Option<&str>,
) -> Vec<T> {
    let mut out = Vec::new();
    for item in value.map(split_multi).unwrap_or_default() {
        let v = match find_label::<T>(item) {
            Some(label) => T::from_label(label),
            None => {
                ctx.unmapped(field, item);
                T::from_label(item)
            }
        };
        push_unique(&mut out, v);
    }
    out
}

/// The 10 training labels of the standard (`formations_labels`).
pub(crate) const FORMATION_LABELS: [&str; 10] = [
    "Formé à « Mon Espace Santé »",
    "Formé à « DUPLEX » (illettrisme)",
    "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
    "Collectif ressources et acteurs réemploi (Normandie)",
    "Étapes numériques (La Poste)",
    "Fabriques de Territoire",
    "Les Éclaireurs du numérique (Drôme)",
    "Mes Papiers (Métropole de Lyon)",
    "ORDI 3.0",
    "SUD LABS (PACA)",
];

/// `formations_labels`: kept as text; values outside the list of 10 are reported.
pub(crate) fn formations(ctx: &mut RowCtx, value: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    for item in value.map(split_multi).unwrap_or_default() {
        let f = fold(item);
        if !FORMATION_LABELS.iter().any(|l| fold(l) == f) {
            ctx.unmapped("formations_labels", item);
        }
        push_unique(&mut out, item.to_string());
    }
    out
}

pub(crate) fn push_unique<T: PartialEq>(out: &mut Vec<T>, v: T) {
    if !out.contains(&v) {
        out.push(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_ctx<R>(f: impl FnOnce(&mut RowCtx) -> R) -> (R, Vec<String>) {
        let mut report = Report::default();
        let mut ctx = RowCtx::new("t.csv", 7, &mut report);
        let r = f(&mut ctx);
        (r, ctx.finish())
    }

    #[test]
    fn telephones_are_normalised_or_kept_with_warning() {
        let (t, w) = with_ctx(|c| telephone(c, Some("04 50 56 87 49")));
        assert_eq!(t.as_deref(), Some("+33450568749"));
        assert!(w.is_empty());
        let (t, _) = with_ctx(|c| telephone(c, Some("0262790049")));
        assert_eq!(t.as_deref(), Some("+262262790049"));
        let (t, w) = with_ctx(|c| telephone(c, Some("poste 12")));
        assert_eq!(t.as_deref(), Some("poste 12"));
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn coordinates_reject_nonsense_and_warn_on_absence() {
        let (r, _) = with_ctx(|c| coordinates(c, Some("91"), Some("2")));
        let e = r.unwrap_err();
        assert_eq!((e.field.as_str(), e.line), ("latitude", 7));
        let (r, w) = with_ctx(|c| coordinates(c, None, None));
        assert_eq!(r.unwrap(), (None, None));
        assert_eq!(w.len(), 1);
        let (r, _) = with_ctx(|c| coordinates(c, Some("45,5"), Some("1.5")));
        assert_eq!(r.unwrap(), (Some(45.5), Some(1.5)));
    }

    #[test]
    fn vocabularies_match_loosely_and_keep_unknowns() {
        let (v, w) = with_ctx(|c| vocab_list::<Public>(c, "publics", Some("etudiants|Martiens")));
        assert_eq!(v, vec![Public::Etudiants, Public::Other("Martiens".into())]);
        assert_eq!(w.len(), 1);
        let (f, w) = with_ctx(|c| formations(c, Some("Étapes numériques(La Poste)")));
        assert_eq!(f.len(), 1);
        assert!(w.is_empty(), "{w:?}");
    }
}
