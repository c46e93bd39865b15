//! When two records of different sources describe the same place.

use crate::model::Place;
use crate::spatial::geodesy::haversine_m;

/// Same SIRET within this distance: the same place, metres.
pub const SAME_SIRET_RADIUS_M: f64 = 100.0;
/// Similar names within this distance: the same place, metres.
pub const SIMILAR_NAME_RADIUS_M: f64 = 50.0;

/// Whether `a` (already in the registry) and `b` (from another source) are one place:
/// same SIRET within 100 m, or within 50 m with a similar name; never a place that is only
/// fixed with one that is only mobile (they must share a way of receiving people). The
/// caller guarantees the two come from different datasets.
pub fn same_place(a: &Place, b: &Place) -> bool {
    let (Some((alon, alat)), Some((blon, blat))) = (a.lon_lat(), b.lon_lat()) else {
        return false;
    };
    let share_a_mode = a.is_fixed() && b.is_fixed() || a.is_mobile() && b.is_mobile();
    if !share_a_mode {
        return false;
    }
    let d = haversine_m([alon, alat], [blon, blat]);
    (d <= SAME_SIRET_RADIUS_M && real_siret(&a.pivot) && a.pivot == b.pivot)
        || (d <= SIMILAR_NAME_RADIUS_M && similar_names(&a.nom, &b.nom))
}

/// A 14-digit SIRET that is not the placeholder of zeros many producers write.
fn real_siret(pivot: &str) -> bool {
    pivot.len() == 14
        && pivot.bytes().all(|b| b.is_ascii_digit())
        && pivot.bytes().any(|b| b != b'0')
}

/// Words that say nothing about which place it is.
const STOP_WORDS: &[&str] = &[
    "de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "au", "aux", "en", "sur",
];

fn words(name: &str) -> Vec<String> {
    deunicode::deunicode(name)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(w))
        .map(str::to_string)
        .collect()
}

/// Names alike after folding case, accents and punctuation: close by Jaro-Winkler, or
/// one's words all found in the other's ("Médiathèque" ~ "Médiathèque de Tulle").
pub fn similar_names(a: &str, b: &str) -> bool {
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return false;
    }
    let (ja, jb) = (wa.join(" "), wb.join(" "));
    if strsim::jaro_winkler(&ja, &jb) >= 0.9 {
        return true;
    }
    let (short, long) = if wa.len() <= wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    short.iter().all(|w| long.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(similar_names("MÉDIATHÈQUE de Tulle", "Médiathèque Tulle"));
        assert!(similar_names(
            "France services de Vouziers",
            "France Services Vouziers"
        ));
        assert!(similar_names("Médiathèque", "Médiathèque municipale"));
        assert!(!similar_names("Mairie de Tulle", "Médiathèque de Tulle"));
        assert!(!similar_names("", "Médiathèque"));
    }

    #[test]
    fn sirets() {
        assert!(real_siret("21190272700017"));
        assert!(!real_siret("00000000000000"));
        assert!(!real_siret("W123456789"));
    }
}
