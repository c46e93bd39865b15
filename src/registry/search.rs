//! Commune name search that forgives case, accents, hyphens and the `st`/`ste` abbreviations.

/// Folds a name or a query into lowercase ASCII words separated by single spaces, with
/// `st` → `saint`, `ste` → `sainte`: `Saint-Étienne` and `st etienne` both give `saint etienne`.
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "st" => "saint",
            "ste" => "sainte",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_accents_hyphens_and_saints() {
        assert_eq!(fold("Saint-Étienne"), "saint etienne");
        assert_eq!(fold("st etienne"), "saint etienne");
        assert_eq!(fold("STE-FOY-LÈS-LYON"), "sainte foy les lyon");
        assert_eq!(fold("L'Abergement-Clémenciat"), "l abergement clemenciat");
        assert_eq!(fold("  "), "");
    }
}
