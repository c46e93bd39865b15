//! Coverage results as named columns, in a stable order, for CSV, JSON and GeoJSON. The
//! column names are a contract with users' scripts: add, never rename.

use super::indicators::{CommuneCoverage, Coverage, Nearest};
use super::rollup::Rollup;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(u64),
    Num(f64),
    Bool(bool),
    Null,
}

impl Cell {
    fn opt_num(x: Option<f64>) -> Cell {
        x.map_or(Cell::Null, Cell::Num)
    }

    fn opt_text(x: Option<&str>) -> Cell {
        x.map_or(Cell::Null, |s| Cell::Text(s.to_string()))
    }

    /// As written in a CSV field (empty for null).
    pub fn to_field(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Num(x) => x.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Null => String::new(),
        }
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Text(t) => s.serialize_str(t),
            Cell::Int(n) => s.serialize_u64(*n),
            Cell::Num(x) if x.is_finite() => s.serialize_f64(*x),
            Cell::Bool(b) => s.serialize_bool(*b),
            _ => s.serialize_none(),
        }
    }
}

/// A row: named cells in column order; serialises as a JSON object in that order.
#[derive(Debug, Clone, PartialEq)]
pub struct Row(pub Vec<(String, Cell)>);

impl Serialize for Row {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl Row {
    pub fn get(&self, name: &str) -> Option<&Cell> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

fn minutes(n: &Option<Nearest>) -> Cell {
    Cell::opt_num(n.as_ref().map(|n| n.minutes))
}

/// A commune's row.
pub fn commune_row(c: &CommuneCoverage, gap_minutes: u32) -> Row {
    let k = &c.counts;
    let mut r: Vec<(String, Cell)> = vec![
        ("code".into(), Cell::Text(c.code.clone())),
        ("nom".into(), Cell::Text(c.nom.clone())),
        ("departement".into(), Cell::Text(c.departement.clone())),
        ("region".into(), Cell::opt_text(c.region.as_deref())),
        ("epci".into(), Cell::opt_text(c.epci.as_deref())),
        ("population".into(), Cell::Int(c.population)),
        ("model".into(), Cell::opt_text(c.model.map(|m| m.name()))),
    ];
    for (name, n) in [
        ("places", k.all),
        ("places_fixed", k.fixed),
        ("places_itinerant", k.itinerant),
        ("places_france_services", k.france_services),
        ("places_conseillers_numeriques", k.conseillers_numeriques),
        ("places_free", k.free),
        ("places_saturday", k.saturday),
        ("places_stale", k.stale),
    ] {
        r.push((name.into(), Cell::Int(u64::from(n))));
    }
    r.push((
        "places_per_10k".into(),
        Cell::opt_num(c.places_per_10k().map(|x| (x * 100.0).round() / 100.0)),
    ));
    r.push((
        "places_per_100km2".into(),
        Cell::opt_num(c.places_per_100km2().map(|x| (x * 100.0).round() / 100.0)),
    ));
    r.push(("area_km2".into(), Cell::opt_num(c.area_km2)));
    r.push((
        "nearest_place".into(),
        Cell::opt_text(c.nearest.as_ref().map(|n| n.place.as_str())),
    ));
    r.push((
        "nearest_km".into(),
        Cell::opt_num(c.nearest.as_ref().map(|n| n.km)),
    ));
    r.push(("nearest_min".into(), minutes(&c.nearest)));
    r.push((
        "france_services_km".into(),
        Cell::opt_num(c.france_services.as_ref().map(|n| n.km)),
    ));
    r.push(("france_services_min".into(), minutes(&c.france_services)));
    r.push(("free_min".into(), minutes(&c.free)));
    r.push(("saturday_min".into(), minutes(&c.saturday)));
    r.push(("nearest_min_fresh".into(), minutes(&c.nearest_fresh)));
    for (t, w) in &c.within {
        r.push((format!("within_{t}"), Cell::Bool(*w)));
    }
    for (t, w) in c.within_france_services.iter().filter(|(t, _)| *t != 30) {
        r.push((format!("within_{t}_france_services"), Cell::Bool(*w)));
    }
    r.push((
        "within_30_france_services".into(),
        Cell::Bool(c.within_30_france_services),
    ));
    r.push((
        format!("within_{gap_minutes}_fresh"),
        Cell::Bool(c.within_gap_fresh),
    ));
    for (name, x) in [
        ("2sfca", c.sfca2),
        ("e2sfca", c.e2sfca),
        ("gravity", c.gravity),
        ("e2sfca_fresh", c.e2sfca_fresh),
    ] {
        r.push((name.into(), Cell::Num(x + 0.0)));
    }
    r.push((
        "mobile_share".into(),
        Cell::opt_num(c.mobile_share.map(|x| (x * 10_000.0).round() / 10_000.0)),
    ));
    r.push(("unreachable".into(), Cell::Bool(c.unreachable)));
    r.push(("gap".into(), Cell::Bool(c.gap)));
    r.push(("gap_score".into(), Cell::Num(c.gap_score)));
    r.push(("ifn".into(), Cell::opt_num(c.ifn)));
    Row(r)
}

/// A roll-up's row.
pub fn rollup_row(g: &Rollup, gap_minutes: u32, name: Option<&str>) -> Row {
    let mut r: Vec<(String, Cell)> = vec![
        (
            "level".into(),
            Cell::Text(
                serde_json::to_value(g.level)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
            ),
        ),
        ("code".into(), Cell::Text(g.code.clone())),
        ("nom".into(), Cell::opt_text(name)),
        ("communes".into(), Cell::Int(u64::from(g.communes))),
        ("population".into(), Cell::Int(g.population)),
        ("places".into(), Cell::Int(u64::from(g.places))),
        (
            "places_france_services".into(),
            Cell::Int(u64::from(g.places_france_services)),
        ),
        (
            "places_itinerant".into(),
            Cell::Int(u64::from(g.places_itinerant)),
        ),
        ("places_stale".into(), Cell::Int(u64::from(g.places_stale))),
        ("places_per_10k".into(), Cell::opt_num(g.places_per_10k)),
    ];
    for (t, share) in &g.share_within {
        r.push((format!("share_within_{t}"), Cell::Num(*share)));
    }
    for (t, share) in g
        .share_within_france_services
        .iter()
        .filter(|(t, _)| *t != 30)
    {
        r.push((
            format!("share_within_{t}_france_services"),
            Cell::Num(*share),
        ));
    }
    r.push((
        "share_within_30_france_services".into(),
        Cell::Num(g.share_within_30_france_services),
    ));
    r.push((
        format!("share_within_{gap_minutes}_fresh"),
        Cell::Num(g.share_within_gap_fresh),
    ));
    r.push(("mean_nearest_min".into(), Cell::opt_num(g.mean_nearest_min)));
    r.push((
        "mean_france_services_min".into(),
        Cell::opt_num(g.mean_france_services_min),
    ));
    r.push((
        "mean_nearest_min_fresh".into(),
        Cell::opt_num(g.mean_nearest_min_fresh),
    ));
    r.push(("mean_e2sfca".into(), Cell::Num(g.mean_e2sfca)));
    r.push(("gap_communes".into(), Cell::Int(u64::from(g.gap_communes))));
    r.push(("gap_population".into(), Cell::Int(g.gap_population)));
    r.push((
        "unreachable_population".into(),
        Cell::Int(g.unreachable_population),
    ));
    Row(r)
}

/// All commune rows of a result.
pub fn commune_rows(coverage: &Coverage) -> Vec<Row> {
    coverage
        .communes
        .iter()
        .map(|c| commune_row(c, coverage.params.gap_minutes))
        .collect()
}

/// Rows as CSV, the header taken from the first row (no rows, empty text).
pub fn to_csv(rows: &[Row]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    if let Some(first) = rows.first() {
        let _ = w.write_record(first.0.iter().map(|(k, _)| k.as_str()));
    }
    for r in rows {
        let _ = w.write_record(r.0.iter().map(|(_, v)| v.to_field()));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
