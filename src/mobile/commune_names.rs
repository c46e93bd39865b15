//! Communes found by the names free text gives them ("Grandpré", "Bairon" for Bairon et ses
//! Environs), the nearest one to a unit's depot when several communes share a name.

use crate::model::Commune;
use crate::registry::fold;
use crate::spatial::geodesy::haversine_m;
use std::collections::HashMap;

/// A name read from text farther than this from the unit's depot is another commune.
pub const MAX_STOP_DISTANCE_M: f64 = 80_000.0;

/// Communes by folded name.
pub struct CommuneNames<'a> {
    communes: &'a [Commune],
    by_name: HashMap<String, Vec<usize>>,
    folded: Vec<String>,
}

impl<'a> CommuneNames<'a> {
    pub fn new(communes: &'a [Commune]) -> Self {
        let folded: Vec<String> = communes.iter().map(|c| key(&c.nom)).collect();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, f) in folded.iter().enumerate() {
            by_name.entry(f.clone()).or_default().push(i);
        }
        CommuneNames {
            communes,
            by_name,
            folded,
        }
    }

    /// The commune a name means near `depot`, in the depot's département or within
    /// [`MAX_STOP_DISTANCE_M`] of it: an exact name (folded: case, accents, hyphens, St/Ste,
    /// a leading article, so "Le Luc" is "Luc" as some files spell it), else the one commune
    /// whose name starts with it as whole words ("Bairon" for "Bairon et ses Environs"), else
    /// the name less its last words ("Le Luc en Provence" for "Le Luc").
    pub fn resolve(
        &self,
        name: &str,
        depot: Option<[f64; 2]>,
        departement: &str,
    ) -> Option<&'a Commune> {
        let f = key(name);
        if f.is_empty() {
            return None;
        }
        self.resolve_key(&f, depot, departement).or_else(|| {
            let words: Vec<&str> = f.split(' ').collect();
            (1..words.len())
                .rev()
                .map(|n| words[..n].join(" "))
                .filter(|shorter| shorter.len() >= 3)
                .find_map(|shorter| self.exact(&shorter, depot, departement))
        })
    }

    /// The commune of a stop read from text: a postcode and a name that starts the commune's
    /// (`62390 Auxi le Château`), else the longer names, else the name.
    pub fn resolve_read(
        &self,
        names: &[String],
        postcode: Option<&str>,
        depot: Option<[f64; 2]>,
        departement: &str,
    ) -> Option<&'a Commune> {
        if let Some(code) = postcode {
            let with_code: Vec<usize> = (0..self.communes.len())
                .filter(|&i| self.communes[i].codes_postaux.iter().any(|c| c == code))
                .collect();
            for n in names {
                let k = key(n);
                let hits: Vec<usize> = with_code
                    .iter()
                    .copied()
                    .filter(|&i| {
                        self.folded[i] == k || self.folded[i].starts_with(&format!("{k} "))
                    })
                    .collect();
                if let [i] = hits[..] {
                    return Some(&self.communes[i]);
                }
            }
        }
        let (last, longer) = names.split_last()?;
        longer
            .iter()
            .find_map(|n| self.exact(&key(n), depot, departement))
            .or_else(|| self.resolve(last, depot, departement))
    }

    fn near(&self, i: usize, depot: Option<[f64; 2]>, departement: &str) -> Option<(f64, usize)> {
        let c = &self.communes[i];
        let distance = match (depot, c.point) {
            (Some(d), Some(p)) => Some(haversine_m(d, [p.x(), p.y()])),
            _ => None,
        };
        let close = distance.is_some_and(|d| d <= MAX_STOP_DISTANCE_M);
        (close || c.departement == departement).then_some((distance.unwrap_or(f64::MAX), i))
    }

    fn exact(&self, f: &str, depot: Option<[f64; 2]>, departement: &str) -> Option<&'a Commune> {
        self.by_name
            .get(f)?
            .iter()
            .filter_map(|&i| self.near(i, depot, departement))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, i)| &self.communes[i])
    }

    fn resolve_key(
        &self,
        f: &str,
        depot: Option<[f64; 2]>,
        departement: &str,
    ) -> Option<&'a Commune> {
        if let Some(c) = self.exact(f, depot, departement) {
            return Some(c);
        }
        let prefix = format!("{f} ");
        let candidates: Vec<_> = self
            .folded
            .iter()
            .enumerate()
            .filter(|(_, n)| n.starts_with(&prefix))
            .filter_map(|(i, _)| self.near(i, depot, departement))
            .collect();
        match candidates[..] {
            [(_, i)] => Some(&self.communes[i]),
            _ => None,
        }
    }
}

/// A name folded for matching, without a leading article.
fn key(name: &str) -> String {
    // "Verteuil s/ Charente": `s/` is "sur".
    let f = fold(name)
        .split(' ')
        .map(|w| if w == "s" { "sur" } else { w })
        .collect::<Vec<_>>()
        .join(" ");
    for article in ["la ", "le ", "les ", "l "] {
        if let Some(rest) = f.strip_prefix(article) {
            return rest.to_string();
        }
    }
    f
}
