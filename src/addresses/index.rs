//! Address search that forgives: typos (one edit, two in long words), abbreviations
//! (`av` → `avenue`), missing accents, missing small words, words half typed. Addresses are
//! grouped by street (street name, postcode, commune); a query finds the streets sharing a
//! word with it, scores them by how much of the query and of the street name it covers, then
//! picks the house number.

use super::{address_words, Address};
use std::collections::HashMap;

/// Words of a query that are matched ("12 avenue du general de gaulle brive la gaillarde"
/// has 8 after its number).
pub const MAX_QUERY_WORDS: usize = 10;

/// An address found, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct AddressHit {
    pub label: String,
    pub lon: f64,
    pub lat: f64,
    pub code_insee: Option<String>,
    pub score: f64,
}

/// Streets and their numbers, with an index of their words.
pub struct AddressIndex {
    streets: Vec<Street>,
    by_word: HashMap<String, Vec<u32>>,
    /// The words of `by_word`, for typo matching.
    vocabulary: Vec<String>,
    addresses: usize,
}

struct Street {
    voie: String,
    code_postal: String,
    commune: String,
    code_insee: Option<String>,
    voie_words: Vec<String>,
    commune_words: Vec<String>,
    numbers: Vec<Number>,
}

struct Number {
    numero: String,
    /// Folded, no space: `12bis`.
    key: String,
    value: u32,
    lon: f64,
    lat: f64,
}

/// Whether a folded word is a house number (`12`, `12bis`) rather than a postcode.
fn is_number(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit()) && !is_postcode(w)
}

fn is_postcode(w: &str) -> bool {
    w.len() == 5 && w.bytes().all(|b| b.is_ascii_digit())
}

/// How well a query word matches a word of an address: 1 the same, 0.85 its start (three
/// letters or more), 0.75 one typo away (two in words of eight letters or more).
fn word_match(q: &str, w: &str) -> f64 {
    if q == w {
        return 1.0;
    }
    if q.len() >= 3 && w.starts_with(q) {
        return 0.85;
    }
    if q.len() >= 4 {
        let allowed = if q.len() >= 8 { 2 } else { 1 };
        if q.len().abs_diff(w.len()) <= allowed && strsim::osa_distance(q, w) <= allowed {
            return 0.75;
        }
    }
    0.0
}

impl AddressIndex {
    pub fn new(addresses: &[Address]) -> AddressIndex {
        let mut streets: Vec<Street> = Vec::new();
        let mut by_key: HashMap<(String, String, String), usize> = HashMap::new();
        for a in addresses {
            let voie_words = address_words(&a.voie);
            let commune_words = address_words(&a.commune);
            let key = (
                voie_words.join(" "),
                a.code_postal.clone(),
                commune_words.join(" "),
            );
            let s = *by_key.entry(key).or_insert_with(|| {
                streets.push(Street {
                    voie: a.voie.clone(),
                    code_postal: a.code_postal.clone(),
                    commune: a.commune.clone(),
                    code_insee: a.code_insee.clone(),
                    voie_words,
                    commune_words,
                    numbers: Vec::new(),
                });
                streets.len() - 1
            });
            let key: String = address_words(&a.numero).concat();
            streets[s].numbers.push(Number {
                numero: a.numero.clone(),
                value: key
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse()
                    .unwrap_or(0),
                key,
                lon: a.lon,
                lat: a.lat,
            });
        }
        let mut by_word: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, s) in streets.iter().enumerate() {
            for w in s.voie_words.iter().chain(&s.commune_words) {
                let list = by_word.entry(w.clone()).or_default();
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        let mut vocabulary: Vec<String> = by_word.keys().cloned().collect();
        vocabulary.sort();
        AddressIndex {
            streets,
            by_word,
            vocabulary,
            addresses: addresses.len(),
        }
    }

    /// How many addresses are indexed.
    pub fn len(&self) -> usize {
        self.addresses
    }

    pub fn is_empty(&self) -> bool {
        self.addresses == 0
    }

    /// The best `limit` addresses for a text such as "12 av de la republique brive".
    /// Only the first [`MAX_QUERY_WORDS`] distinct words of the street and commune count.
    pub fn search(&self, query: &str, limit: usize) -> Vec<AddressHit> {
        let words = address_words(query);
        let mut number: Option<String> = None;
        let mut postcode: Option<&str> = None;
        let mut text: Vec<&str> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_str();
            if is_postcode(w) {
                postcode = Some(w);
            } else if number.is_none() && text.is_empty() && is_number(w) {
                let mut n = w.to_string();
                if let Some(suffix) = words
                    .get(i + 1)
                    .filter(|s| matches!(s.as_str(), "bis" | "ter" | "quater" | "b" | "c" | "d"))
                {
                    n.push_str(suffix);
                    i += 1;
                }
                number = Some(n);
            } else {
                text.push(w);
            }
            i += 1;
        }
        if text.is_empty() {
            return Vec::new();
        }
        // Each word costs a scan of the vocabulary: a word said twice counts once, and an
        // address needs no more than a few words (bounded work whatever the query).
        let mut seen = std::collections::HashSet::new();
        text.retain(|w| seen.insert(*w));
        text.truncate(MAX_QUERY_WORDS);
        // Streets sharing a word (or a near word) with the query.
        let mut candidates: Vec<u32> = Vec::new();
        for q in &text {
            if let Some(list) = self.by_word.get(*q) {
                candidates.extend(list);
            }
            for w in &self.vocabulary {
                if w != q && word_match(q, w) > 0.0 {
                    candidates.extend(&self.by_word[w]);
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut scored: Vec<(f64, u32)> = candidates
            .into_iter()
            .map(|s| {
                (
                    self.street_score(&self.streets[s as usize], &text, postcode),
                    s,
                )
            })
            .filter(|(score, _)| *score > 0.3)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored
            .into_iter()
            .take(limit)
            .map(|(score, s)| self.hit(&self.streets[s as usize], score, number.as_deref()))
            .collect()
    }

    /// How well a street matches: the share of the query's words it holds, the share of its
    /// name the query holds, and the postcode.
    fn street_score(&self, s: &Street, text: &[&str], postcode: Option<&str>) -> f64 {
        let all: Vec<&String> = s.voie_words.iter().chain(&s.commune_words).collect();
        let query_cover = text
            .iter()
            .map(|q| all.iter().map(|w| word_match(q, w)).fold(0.0, f64::max))
            .sum::<f64>()
            / text.len() as f64;
        let name_cover = if s.voie_words.is_empty() {
            1.0
        } else {
            s.voie_words
                .iter()
                .map(|w| text.iter().map(|q| word_match(q, w)).fold(0.0, f64::max))
                .sum::<f64>()
                / s.voie_words.len() as f64
        };
        let postcode_score = match postcode {
            Some(cp) if cp == s.code_postal => 1.0,
            Some(_) => 0.0,
            None => 0.5,
        };
        0.6 * query_cover + 0.3 * name_cover + 0.1 * postcode_score
    }

    /// The address of the asked number in a street: the same number, else the same number
    /// without its suffix, else the nearest number (a lower score); the street's first
    /// address when no number was asked.
    fn hit(&self, s: &Street, score: f64, number: Option<&str>) -> AddressHit {
        let (n, factor, with_number) = match number {
            Some(key) => {
                let value: u32 = key
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse()
                    .unwrap_or(0);
                if let Some(n) = s.numbers.iter().find(|n| n.key == key) {
                    (n, 1.0, true)
                } else if let Some(n) = s.numbers.iter().find(|n| n.value == value) {
                    (n, 0.95, true)
                } else {
                    let n = s
                        .numbers
                        .iter()
                        .min_by_key(|n| n.value.abs_diff(value))
                        .unwrap_or(&s.numbers[0]);
                    (n, 0.8, true)
                }
            }
            None => (&s.numbers[0], 0.9, false),
        };
        let label = if with_number {
            format!("{} {}, {} {}", n.numero, s.voie, s.code_postal, s.commune)
        } else {
            format!("{}, {} {}", s.voie, s.code_postal, s.commune)
        };
        AddressHit {
            label,
            lon: n.lon,
            lat: n.lat,
            code_insee: s.code_insee.clone(),
            score: score * factor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(numero: &str, voie: &str, cp: &str, commune: &str, lon: f64) -> Address {
        Address {
            id: format!("{voie}-{numero}"),
            numero: numero.into(),
            voie: voie.into(),
            code_postal: cp.into(),
            commune: commune.into(),
            code_insee: Some("19005".into()),
            lon,
            lat: 45.0,
        }
    }

    #[test]
    fn forgiving_matches() {
        let idx = AddressIndex::new(&[
            a("10", "Place Allègre", "19240", "Allassac", 1.0),
            a("12", "Place Allègre", "19240", "Allassac", 1.1),
            a("12", "Avenue de la République", "19240", "Allassac", 2.0),
            a("12", "Rue de la République", "19240", "Allassac", 3.0),
        ]);
        let first = |q: &str| idx.search(q, 3).first().map(|h| (h.label.clone(), h.lon));
        assert_eq!(
            first("12 Place Allègre 19240 Allassac"),
            Some(("12 Place Allègre, 19240 Allassac".into(), 1.1))
        );
        assert_eq!(first("12 pl allegre").map(|h| h.1), Some(1.1));
        assert_eq!(first("12 av republique allassac").map(|h| h.1), Some(2.0));
        assert_eq!(first("12 rue de la repubique").map(|h| h.1), Some(3.0));
        assert_eq!(first("10 place allegre alassac").map(|h| h.1), Some(1.0));
        assert!(idx.search("12", 3).is_empty());
        // A suffix glued to the number, as BANO writes it.
        let idx = AddressIndex::new(&[
            a("19", "Rue du 19 Mars 1962", "19240", "Allassac", 1.0),
            a("19BIS", "Rue du 19 Mars 1962", "19240", "Allassac", 1.1),
        ]);
        assert_eq!(idx.search("19BIS Rue du 19 Mars 1962", 1)[0].lon, 1.1);
        assert_eq!(idx.search("19 bis rue du 19 mars 1962", 1)[0].lon, 1.1);
        assert_eq!(idx.search("19 rue du 19 mars 1962", 1)[0].lon, 1.0);
        assert!(idx.search("boulevard haussmann", 3).is_empty());
    }
}
