//! Names of départements and régions (COG 2026, all of France), for roll-ups: the embedded
//! territory's `geodata/departements.json` and `regions.json`, compiled in.

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Deserialize)]
struct Named {
    code: String,
    nom: String,
}

fn table(json: &str) -> HashMap<String, String> {
    serde_json::from_str::<Vec<Named>>(json)
        .unwrap_or_default()
        .into_iter()
        .map(|n| (n.code, n.nom))
        .collect()
}

/// A département's name (`19` → Corrèze).
pub fn departement_name(code: &str) -> Option<&'static str> {
    static T: OnceLock<HashMap<String, String>> = OnceLock::new();
    T.get_or_init(|| table(include_str!("../../geodata/departements.json")))
        .get(code)
        .map(String::as_str)
}

/// A région's name (`84` → Auvergne-Rhône-Alpes).
pub fn region_name(code: &str) -> Option<&'static str> {
    static T: OnceLock<HashMap<String, String>> = OnceLock::new();
    T.get_or_init(|| table(include_str!("../../geodata/regions.json")))
        .get(code)
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_departement_and_region_has_its_name() {
        assert_eq!(departement_name("19"), Some("Corrèze"));
        assert_eq!(departement_name("2A"), Some("Corse-du-Sud"));
        assert_eq!(departement_name("971"), Some("Guadeloupe"));
        assert_eq!(region_name("84"), Some("Auvergne-Rhône-Alpes"));
        assert_eq!(departement_name("20"), None);
    }
}
