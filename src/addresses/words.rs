//! Address text folded into comparable words: lowercase ASCII, abbreviations spelled out
//! (`av` → `avenue`, `bd` → `boulevard`, `st` → `saint`), small words (`de`, `la`, `des`…)
//! dropped, so "12 av. de la République" and "12 Avenue Republique" give the same words.

/// Street-type and common abbreviations of French addresses, spelled out.
fn expand(word: &str) -> &str {
    match word {
        "av" | "ave" | "aven" => "avenue",
        "bd" | "bld" | "bvd" | "boul" | "blvd" => "boulevard",
        "r" => "rue",
        "pl" => "place",
        "imp" => "impasse",
        "rte" => "route",
        "ch" | "chem" | "che" => "chemin",
        "all" => "allee",
        "sq" => "square",
        "fg" | "fbg" => "faubourg",
        "crs" => "cours",
        "qu" | "qua" => "quai",
        "lot" | "lotiss" => "lotissement",
        "res" | "resid" => "residence",
        "pass" => "passage",
        "prom" => "promenade",
        "sent" => "sentier",
        "mte" => "montee",
        "ham" => "hameau",
        "st" => "saint",
        "ste" => "sainte",
        "gd" => "grand",
        "gde" => "grande",
        "pt" => "petit",
        "pte" => "petite",
        "doc" | "dr" => "docteur",
        "gal" | "gen" => "general",
        "mal" => "marechal",
        "pdt" | "pres" => "president",
        other => other,
    }
}

/// Words that carry no meaning for matching.
fn is_small(word: &str) -> bool {
    matches!(
        word,
        "de" | "du" | "des" | "la" | "le" | "les" | "l" | "d" | "a" | "au" | "aux" | "et" | "en"
    )
}

/// The words of an address text, folded, spelled out, without the small ones.
pub fn address_words(text: &str) -> Vec<String> {
    deunicode::deunicode(text)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !is_small(w))
        .map(|w| expand(w).to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::address_words;

    #[test]
    fn abbreviations_accents_and_small_words() {
        assert_eq!(
            address_words("12 av. de la République"),
            address_words("12 Avenue Republique")
        );
        assert_eq!(address_words("Pl. Allègre"), vec!["place", "allegre"]);
        assert_eq!(
            address_words("Bd St-Germain"),
            vec!["boulevard", "saint", "germain"]
        );
    }
}
