//! One search box for residents: communes by name (case, accents, hyphens, `st`/`saint` and
//! a typo forgiven) or postcode, and places by name. Names are folded once, when the
//! snapshot is built, so a query over the 35,000 communes and 8,800 places of France is a
//! scan of short ASCII strings.

use super::search::fold;
use super::word_index::WordIndex;
use crate::model::Commune;
use crate::spatial::geodesy::haversine_m;
use crate::store::StoredPlace;
use std::collections::HashMap;

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitKind {
    /// Index into the snapshot's communes.
    Commune(usize),
    /// Index into the snapshot's places.
    Place(usize),
}

/// A search result and how well it matches (0..1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub kind: HitKind,
    pub score: f64,
}

/// Folded names of communes and places, and communes by postcode.
pub struct SearchIndex {
    communes: Vec<Entry>,
    places: Vec<Entry>,
    commune_words: WordIndex,
    place_words: WordIndex,
    /// Communes by the first two letters of their folded name, for typos.
    by_start: HashMap<[u8; 2], Vec<u32>>,
    by_postcode: HashMap<String, Vec<usize>>,
    /// log10 of each commune's population over 7, at most 1 (Paris ~ 2.1 million gives
    /// ~0.9; 0 when unknown), for ranking.
    population_weight: Vec<f64>,
    points: Vec<Option<[f64; 2]>>,
    place_points: Vec<Option<[f64; 2]>>,
}

/// A folded name and its words.
struct Entry {
    folded: String,
    words: Vec<String>,
}

impl Entry {
    fn new(text: &str) -> Entry {
        let folded = fold(text);
        let words = folded.split(' ').map(str::to_string).collect();
        Entry { folded, words }
    }
}

impl SearchIndex {
    pub fn new(communes: &[Commune], places: &[StoredPlace]) -> SearchIndex {
        let mut by_postcode: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in communes.iter().enumerate() {
            for cp in &c.codes_postaux {
                by_postcode.entry(cp.clone()).or_default().push(i);
            }
        }
        let commune_entries: Vec<Entry> = communes.iter().map(|c| Entry::new(&c.nom)).collect();
        let mut by_start: HashMap<[u8; 2], Vec<u32>> = HashMap::new();
        for (i, e) in commune_entries.iter().enumerate() {
            if let [a, b, ..] = e.folded.as_bytes() {
                by_start.entry([*a, *b]).or_default().push(i as u32);
            }
        }
        let place_entries: Vec<Entry> = places
            .iter()
            .map(|p| {
                // The name, whose words may be completed by those of its commune
                // ("france services mauriac").
                let mut e = Entry::new(&crate::model::display_text::decode_entities(&p.place.nom));
                e.words
                    .extend(fold(&p.place.commune).split(' ').map(str::to_string));
                e
            })
            .collect();
        SearchIndex {
            commune_words: WordIndex::new(
                commune_entries
                    .iter()
                    .map(|e| e.words.iter().map(String::as_str)),
            ),
            place_words: WordIndex::new(
                place_entries
                    .iter()
                    .map(|e| e.words.iter().map(String::as_str)),
            ),
            communes: commune_entries,
            places: place_entries,
            by_start,
            by_postcode,
            population_weight: communes
                .iter()
                .map(|c| ((c.population.unwrap_or(0) as f64 + 1.0).log10() / 7.0).min(1.0))
                .collect(),
            points: communes
                .iter()
                .map(|c| c.point.map(|p| [p.x(), p.y()]))
                .collect(),
            place_points: places
                .iter()
                .map(|p| p.place.lon_lat().map(|(x, y)| [x, y]))
                .collect(),
        }
    }

    /// The best `limit` communes and places for a query, best first; `near` (`[lon, lat]`)
    /// favours what lies close to it.
    pub fn search(&self, query: &str, limit: usize, near: Option<[f64; 2]>) -> Vec<Hit> {
        self.search_places_where(query, limit, near, |_| true)
    }

    /// As [`Self::search`], keeping only the places (by registry index) that `keep` accepts,
    /// before the best `limit` are chosen: filters do not shorten the answer needlessly.
    pub fn search_places_where(
        &self,
        query: &str,
        limit: usize,
        near: Option<[f64; 2]>,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<Hit> {
        let q = fold(query);
        if q.is_empty() {
            return Vec::new();
        }
        let words: Vec<&str> = q.split(' ').collect();
        let (postcodes, names): (Vec<&str>, Vec<&str>) = words
            .iter()
            .partition(|w| w.len() >= 2 && w.len() <= 5 && w.bytes().all(|b| b.is_ascii_digit()));
        let name_q = names.join(" ");
        let mut hits: Vec<Hit> = Vec::new();

        // Communes: by postcode (a whole one, or the start of one when alone), then by name.
        let postcode_communes: Option<Vec<usize>> = postcodes.first().map(|cp| {
            if cp.len() == 5 {
                self.by_postcode.get(*cp).cloned().unwrap_or_default()
            } else {
                let mut v: Vec<usize> = self
                    .by_postcode
                    .iter()
                    .filter(|(k, _)| k.starts_with(cp))
                    .flat_map(|(_, v)| v.iter().copied())
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            }
        });
        match (&postcode_communes, name_q.is_empty()) {
            (Some(list), true) => {
                let exact = postcodes[0].len() == 5;
                for &i in list {
                    hits.push(self.commune_hit(i, if exact { 0.95 } else { 0.8 }, near));
                }
            }
            (Some(list), false) => {
                for &i in list {
                    if let Some(s) = name_score(&name_q, &names, &self.communes[i]) {
                        hits.push(self.commune_hit(i, (s + 0.05).min(1.0), near));
                    }
                }
            }
            (None, _) => {
                for i in self.commune_words.starting_with(longest(&names)) {
                    let i = i as usize;
                    if let Some(s) = name_score(&name_q, &names, &self.communes[i]) {
                        hits.push(self.commune_hit(i, s, near));
                    }
                }
                if hits.is_empty() {
                    self.fuzzy_communes(&name_q, near, &mut hits);
                }
            }
        }

        // Places by name (every word of the query starts a word of the name).
        if !name_q.is_empty() {
            for i in self.place_words.starting_with(longest(&names)) {
                let i = i as usize;
                if !keep(i) {
                    continue;
                }
                if let Some(s) = name_score(&name_q, &names, &self.places[i]) {
                    let mut score = 0.55 + 0.35 * (s - 0.5).max(0.0);
                    if let (Some(n), Some(p)) = (near, self.place_points[i]) {
                        score += 0.05 * (-haversine_m(n, p) / 50_000.0).exp();
                    }
                    hits.push(Hit {
                        kind: HitKind::Place(i),
                        score: score.min(1.0),
                    });
                }
            }
        }
        let better = |a: &Hit, b: &Hit| b.score.total_cmp(&a.score).then(order(a).cmp(&order(b)));
        // Thousands of communes start with "saint": select the best, then sort them only.
        if hits.len() > limit && limit > 0 {
            hits.select_nth_unstable_by(limit - 1, better);
            hits.truncate(limit);
        }
        hits.sort_by(better);
        hits
    }

    /// A commune hit: the match score (nine tenths), a little for population and for
    /// nearness (a twentieth each), so that equal names rank the larger or nearer first.
    fn commune_hit(&self, i: usize, score: f64, near: Option<[f64; 2]>) -> Hit {
        let mut s = 0.9 * score + 0.05 * self.population_weight[i];
        if let (Some(n), Some(p)) = (near, self.points[i]) {
            s += 0.05 * (-haversine_m(n, p) / 50_000.0).exp();
        }
        Hit {
            kind: HitKind::Commune(i),
            score: s.min(1.0),
        }
    }

    /// Communes one typo away (two for long names) sharing the query's first two letters,
    /// when no name matched.
    fn fuzzy_communes(&self, q: &str, near: Option<[f64; 2]>, hits: &mut Vec<Hit>) {
        let bytes = q.as_bytes();
        if bytes.len() < 4 {
            return;
        }
        let allowed = if q.len() >= 8 { 2 } else { 1 };
        let Some(candidates) = self.by_start.get(&[bytes[0], bytes[1]]) else {
            return;
        };
        for &i in candidates {
            let e = &self.communes[i as usize];
            let name = e.folded.as_str();
            // The whole name, or its start as long as the query (a typo while typing).
            let whole =
                name.len().abs_diff(q.len()) <= allowed && strsim::osa_distance(q, name) <= allowed;
            let start = !whole
                && name.len() > q.len()
                && name.is_char_boundary(q.len())
                && strsim::osa_distance(q, &name[..q.len()]) <= allowed;
            if whole || start {
                let s = if whole { 0.7 } else { 0.6 };
                hits.push(self.commune_hit(i as usize, s, near));
            }
        }
    }
}

/// The longest word of a query: the fewest entries hold a word starting with it.
fn longest<'a>(words: &[&'a str]) -> &'a str {
    words.iter().copied().max_by_key(|w| w.len()).unwrap_or("")
}

/// Communes before places at equal score, then by index (stable answers).
fn order(h: &Hit) -> (u8, usize) {
    match h.kind {
        HitKind::Commune(i) => (0, i),
        HitKind::Place(i) => (1, i),
    }
}

/// How a folded query matches a folded name: 1 the same, 0.9 its start, 0.75 every word
/// starting a word of the name; `None` otherwise.
fn name_score(q: &str, words: &[&str], e: &Entry) -> Option<f64> {
    if e.folded == q {
        return Some(1.0);
    }
    if e.folded.starts_with(q) {
        // A closer length is a better match ("mauriac" before "mauriac sur …").
        return Some(0.8 + 0.1 * q.len() as f64 / e.folded.len() as f64);
    }
    let all = words
        .iter()
        .all(|w| e.words.iter().any(|n| n.starts_with(w)));
    all.then(|| 0.6 + 0.15 * q.len() as f64 / e.folded.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::InseeCode;

    fn commune(code: &str, nom: &str, cp: &str, population: u64, lon_lat: [f64; 2]) -> Commune {
        let mut c = Commune::new(InseeCode::parse(code).unwrap(), nom.to_string());
        c.codes_postaux = vec![cp.to_string()];
        c.population = Some(population);
        c.point = Some(geo::Point::new(lon_lat[0], lon_lat[1]));
        c
    }

    #[test]
    fn names_postcodes_and_typos() {
        let communes = vec![
            commune("33276", "Mauriac", "33540", 230, [-0.03, 44.75]),
            commune("15120", "Mauriac", "15200", 3_600, [2.33, 45.22]),
            commune("42218", "Saint-Étienne", "42000", 170_000, [4.39, 45.43]),
            commune(
                "42100",
                "Saint-Étienne-le-Molard",
                "42130",
                1_000,
                [4.09, 45.74],
            ),
            commune("15162", "Salers", "15140", 330, [2.49, 45.14]),
        ];
        let idx = SearchIndex::new(&communes, &[]);
        let names = |q: &str| -> Vec<usize> {
            idx.search(q, 10, None)
                .into_iter()
                .map(|h| match h.kind {
                    HitKind::Commune(i) => i,
                    HitKind::Place(i) => 100 + i,
                })
                .collect()
        };
        assert_eq!(names("mauriac"), vec![1, 0]);
        assert_eq!(names("MAURIAC")[0], 1);
        assert_eq!(names("st etienne"), vec![2, 3]);
        assert_eq!(names("saint-etienne-le"), vec![3]);
        assert_eq!(names("15200"), vec![1]);
        assert_eq!(names("mauriak"), vec![1, 0]);
        assert_eq!(names("sallers"), vec![4]);
        assert_eq!(names("152"), vec![1]);
        assert!(names("xyz").is_empty());
        // Near the Gironde, the Gironde's Mauriac comes first.
        let near = idx.search("mauriac", 2, Some([-0.1, 44.8]));
        assert_eq!(near[0].kind, HitKind::Commune(0), "{near:?}");
    }
}
