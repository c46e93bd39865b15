//! Writing places as standard v1.0.2 CSV.

use super::FIELDS;
use crate::model::Place;

/// Writes places as a v1.0.2 CSV: the 32 columns in the standard's order, every field
/// quoted, multi-values joined with `|`. Provenance and warnings are not part of the standard
/// and are not written.
pub fn write_csv<W: std::io::Write>(places: &[Place], out: W) -> Result<(), csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    w.write_record(FIELDS)?;
    for p in places {
        w.write_record(row(p))?;
    }
    w.flush()?;
    Ok(())
}

fn join<T: AsRef<str>>(items: &[T]) -> String {
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join("|")
}

fn labels<T>(items: &[T], label: impl Fn(&T) -> &str) -> String {
    items.iter().map(label).collect::<Vec<_>>().join("|")
}

/// The pivot the standard requires; a structure without a known SIRET (the France Services
/// list gives none) is written with the national tooling's placeholder, 14 zeros, which the
/// schema's pattern accepts and the merge rules never take for a real SIRET.
fn pivot(p: &Place) -> String {
    if p.pivot.trim().is_empty() {
        UNKNOWN_PIVOT.to_string()
    } else {
        p.pivot.clone()
    }
}

/// The placeholder pivot of a structure whose SIRET is unknown.
pub const UNKNOWN_PIVOT: &str = "00000000000000";

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// The 32 cells of a place, in the order of [`FIELDS`], as written in the CSV.
pub fn row(p: &Place) -> [String; 32] {
    [
        p.id.clone(),
        pivot(p),
        p.nom.clone(),
        p.commune.clone(),
        p.code_postal.clone(),
        p.code_insee
            .as_ref()
            .map(|c| c.to_string())
            .unwrap_or_default(),
        p.adresse.clone(),
        opt(&p.complement_adresse),
        p.latitude.map(|v| v.to_string()).unwrap_or_default(),
        p.longitude.map(|v| v.to_string()).unwrap_or_default(),
        join(&p.typologie),
        opt(&p.telephone),
        join(&p.courriels),
        join(&p.site_web),
        opt(&p.horaires),
        opt(&p.presentation_resume),
        opt(&p.presentation_detail),
        opt(&p.source),
        labels(&p.itinerance, |v| v.label()),
        opt(&p.structure_parente),
        p.date_maj
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        labels(&p.services, |v| v.label()),
        labels(&p.publics_specifiquement_adresses, |v| v.label()),
        labels(&p.prise_en_charge_specifique, |v| v.label()),
        labels(&p.frais_a_charge, |v| v.label()),
        labels(&p.dispositif_programmes_nationaux, |v| v.label()),
        join(&p.formations_labels),
        join(&p.autres_formations_labels),
        labels(&p.modalites_acces, |v| v.label()),
        labels(&p.modalites_accompagnement, |v| v.label()),
        opt(&p.fiche_acces_libre),
        opt(&p.prise_rdv),
    ]
}
