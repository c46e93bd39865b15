//! Gaps: communes with no place within the gap threshold, the most population left out first.

use super::indicators::Coverage;
use super::table::{Cell, Row};

/// The gap communes as rows (`code, nom, departement, epci, population, nearest_min,
/// nearest_km, unreachable, gap_score, ifn`), by population left out, then gap score.
pub fn ranked(coverage: &Coverage) -> Vec<Row> {
    let mut gaps: Vec<_> = coverage.communes.iter().filter(|c| c.gap).collect();
    gaps.sort_by(|a, b| {
        b.population
            .cmp(&a.population)
            .then(b.gap_score.total_cmp(&a.gap_score))
            .then(a.code.cmp(&b.code))
    });
    gaps.into_iter()
        .enumerate()
        .map(|(rank, c)| {
            let opt = |x: Option<f64>| x.map_or(Cell::Null, Cell::Num);
            let text = |x: &Option<String>| x.clone().map_or(Cell::Null, Cell::Text);
            Row(vec![
                ("rank".into(), Cell::Int(rank as u64 + 1)),
                ("code".into(), Cell::Text(c.code.clone())),
                ("nom".into(), Cell::Text(c.nom.clone())),
                ("departement".into(), Cell::Text(c.departement.clone())),
                ("epci".into(), text(&c.epci)),
                ("population".into(), Cell::Int(c.population)),
                (
                    "nearest_min".into(),
                    opt(c.nearest.as_ref().map(|n| n.minutes)),
                ),
                ("nearest_km".into(), opt(c.nearest.as_ref().map(|n| n.km))),
                (
                    "france_services_min".into(),
                    opt(c.france_services.as_ref().map(|n| n.minutes)),
                ),
                ("unreachable".into(), Cell::Bool(c.unreachable)),
                ("gap_score".into(), Cell::Num(c.gap_score)),
                ("ifn".into(), opt(c.ifn)),
            ])
        })
        .collect()
}
