//! The 32 columns of the standard v1.0.2 and how multi-valued cells are split.

use crate::model::Service;

/// The columns of a v1.0.2 CSV, in the order of the published valid example.
pub const FIELDS: [&str; 32] = [
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
];

/// Splits a multi-valued cell on `|` (v1) or `;` (legacy and older v1 files), trimming
/// items and dropping empty ones.
pub fn split_multi(cell: &str) -> Vec<&str> {
    cell.split(['|', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Whether a `services` cell is made of v1 labels only (used to tell v1 from legacy JSON).
pub(crate) fn is_v1_service_list(cell: &str) -> bool {
    let items = split_multi(cell);
    !items.is_empty() && items.iter().all(|s| Service::from_label(s).is_known())
}

/// A label compared loosely: no accents, lower case, single spaces, no space before `(`.
pub(crate) fn fold(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    let words: Vec<&str> = ascii.split_whitespace().collect();
    words.join(" ").replace(" (", "(").replace('’', "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_both_separators() {
        assert_eq!(split_multi("a|b ; c||"), vec!["a", "b", "c"]);
        assert!(split_multi("  ").is_empty());
    }

    #[test]
    fn folding_ignores_accents_case_and_the_schema_quirk() {
        assert_eq!(
            fold("Étapes numériques(La Poste)"),
            fold("Etapes  numériques (la poste)")
        );
    }
}
