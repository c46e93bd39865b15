//! An organiser's own travel times: a square CSV matrix of durations in seconds, with an `id`
//! column naming the depot(s) and the candidates, and one column per id in the same order.
//!
//! ```text
//! id,depot,c1,c2
//! depot,0,600,900
//! c1,610,0,400
//! c2,880,420,0
//! ```

use super::travel_times::{TravelSource, TravelTimes};
use crate::ingest::InputError;
use std::collections::HashMap;
use std::path::Path;

/// Durations read from a matrix file.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixFile {
    pub name: String,
    pub ids: Vec<String>,
    /// Row-major seconds.
    pub durations_s: Vec<f64>,
}

/// Reads and checks a matrix file: the header is `id` then the ids; each row's first field
/// is an id, in the header's order; every duration is a number of seconds ≥ 0.
pub fn read_matrix(path: &Path) -> Result<MatrixFile, InputError> {
    let name = path.display().to_string();
    let text = crate::ingest::read_text(path)?;
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| InputError::file(&name, e.to_string(), "a CSV header"))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if header.first().map(String::as_str) != Some("id") || header.len() < 2 {
        return Err(InputError::new(
            &name,
            1,
            "(header)",
            header.join(","),
            "`id` then one column per depot and candidate",
        ));
    }
    let ids: Vec<String> = header[1..].to_vec();
    let mut seen = HashMap::new();
    for id in &ids {
        if id.is_empty() || seen.insert(id.clone(), ()).is_some() {
            return Err(InputError::new(
                &name,
                1,
                "(header)",
                id,
                "unique, non-empty ids",
            ));
        }
    }
    let n = ids.len();
    let mut durations_s = vec![0.0; n * n];
    let mut rows = 0;
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let rec =
            rec.map_err(|e| InputError::new(&name, line, "(row)", e.to_string(), "a CSV row"))?;
        if rows == n {
            return Err(InputError::new(
                &name,
                line,
                "id",
                rec.get(0).unwrap_or(""),
                &format!("a square matrix: {n} rows for the {n} ids of the header"),
            ));
        }
        if rec.len() != n + 1 {
            return Err(InputError::new(
                &name,
                line,
                "(row)",
                format!("{} fields", rec.len()),
                &format!(
                    "{} fields: the id and {n} durations (a square matrix)",
                    n + 1
                ),
            ));
        }
        let id = rec.get(0).unwrap_or("").trim();
        if id != ids[rows] {
            return Err(InputError::new(
                &name,
                line,
                "id",
                id,
                &format!(
                    "{:?}, the header's id number {} (rows in the header's order)",
                    ids[rows],
                    rows + 1
                ),
            ));
        }
        for j in 0..n {
            let cell = rec.get(j + 1).unwrap_or("").trim();
            let v: f64 = cell
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| {
                    InputError::new(&name, line, &ids[j], cell, "a duration in seconds, ≥ 0")
                })?;
            durations_s[rows * n + j] = v;
        }
        rows += 1;
    }
    if rows != n {
        return Err(InputError::new(
            &name,
            rows + 2,
            "id",
            format!("{rows} rows"),
            &format!("a square matrix: {n} rows for the {n} ids of the header"),
        ));
    }
    Ok(MatrixFile {
        name,
        ids,
        durations_s,
    })
}

impl MatrixFile {
    /// Times between `nodes` (ids: each depot by its unit's id or `depot`, then the
    /// candidates); every node must be in the file, and every id of the file a node.
    /// Distances come from `distances_m` (the straight-line model), the file giving none.
    pub fn times_for(
        &self,
        nodes: &[Vec<String>],
        distances_m: Vec<f64>,
    ) -> Result<TravelTimes, InputError> {
        let at: HashMap<&str, usize> = self
            .ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let mut index = Vec::with_capacity(nodes.len());
        for names in nodes {
            let found = names.iter().find_map(|n| at.get(n.as_str()).copied());
            index.push(found.ok_or_else(|| {
                InputError::new(
                    &self.name,
                    1,
                    "(header)",
                    self.ids.join(","),
                    &format!(
                        "an id {} (the matrix must name the depot and every candidate)",
                        names.join(" or ")
                    ),
                )
            })?);
        }
        let named: std::collections::HashSet<&str> = nodes
            .iter()
            .flat_map(|n| n.iter().map(String::as_str))
            .collect();
        if let Some(unknown) = self.ids.iter().find(|id| !named.contains(id.as_str())) {
            return Err(InputError::new(
                &self.name,
                1,
                "(header)",
                unknown,
                "ids of the depot (`depot` or the unit's id) and of the candidates only",
            ));
        }
        let n = nodes.len();
        let m = self.ids.len();
        let mut durations_s = vec![0.0; n * n];
        for a in 0..n {
            for b in 0..n {
                durations_s[a * n + b] = if a == b {
                    0.0
                } else {
                    self.durations_s[index[a] * m + index[b]]
                };
            }
        }
        Ok(TravelTimes {
            nodes: n,
            durations_s,
            distances_m,
            source: TravelSource::Matrix,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read(text: &str) -> Result<MatrixFile, InputError> {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        read_matrix(f.path())
    }

    #[test]
    fn square_matrices_only_naming_known_ids() {
        let m = read("id,depot,c1\ndepot,0,600\nc1,610,0\n").unwrap();
        assert_eq!(m.durations_s, [0.0, 600.0, 610.0, 0.0]);
        let nodes = vec![
            vec!["plan-1".to_string(), "depot".into()],
            vec!["c1".into()],
        ];
        let t = m.times_for(&nodes, vec![0.0; 4]).unwrap();
        assert_eq!(t.t(0, 1), 600.0);
        let e = m
            .times_for(&[vec!["depot".into()], vec!["c2".into()]], vec![0.0; 4])
            .unwrap_err();
        assert!(e.expected.contains("c2"), "{e}");
        let e = m.times_for(&[vec!["depot".into()]], vec![0.0]).unwrap_err();
        assert_eq!(e.value, "c1");
        let e = read("id,depot,c1\ndepot,0,600\n").unwrap_err();
        assert!(e.expected.contains("square"), "{e}");
        let e = read("id,depot,c1\ndepot,0,600\nc1,610\n").unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (3, "(row)"));
        let e = read("id,depot,c1\ndepot,0,600\nc1,610,x\n").unwrap_err();
        assert_eq!((e.line, e.field.as_str(), e.value.as_str()), (3, "c1", "x"));
        let e = read("id,depot,c1\nc1,0,600\ndepot,610,0\n").unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (2, "id"));
        assert!(read("name,depot\n").is_err());
    }
}
