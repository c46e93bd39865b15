//! Communes' populations and parents (INSEE populations légales, COG), from the
//! `@etalab/decoupage-administratif` `communes.json` or its flattened CSV
//! (`code,nom,type,departement,region,population,codes_postaux,siren,zone`).

use super::{read_text, InputError};
use crate::model::InseeCode;
use serde::Deserialize;
use std::path::Path;

/// A current commune (`commune-actuelle`) with its population.
#[derive(Debug, Clone)]
pub struct CommunePopulation {
    pub code: InseeCode,
    pub nom: String,
    pub departement: String,
    pub region: Option<String>,
    pub population: Option<u64>,
    pub codes_postaux: Vec<String>,
}

#[derive(Deserialize)]
struct JsonCommune {
    code: String,
    nom: String,
    #[serde(rename = "type")]
    kind: String,
    departement: Option<String>,
    region: Option<String>,
    population: Option<u64>,
    #[serde(rename = "codesPostaux", default)]
    codes_postaux: Vec<String>,
}

/// Reads JSON (array) or CSV, chosen by the first non-blank character. Only
/// `commune-actuelle` rows are kept (arrondissements and communes déléguées are not communes).
pub fn read_population(path: &Path) -> Result<Vec<CommunePopulation>, InputError> {
    let name = path.display().to_string();
    let text = read_text(path)?;
    parse_population(&name, &text)
}

/// [`read_population`] on text already in memory; `name` names it in errors.
pub fn parse_population(name: &str, text: &str) -> Result<Vec<CommunePopulation>, InputError> {
    if text.trim_start().starts_with('[') {
        read_json(name, text)
    } else {
        read_csv(name, text)
    }
}

fn read_json(name: &str, text: &str) -> Result<Vec<CommunePopulation>, InputError> {
    let rows: Vec<JsonCommune> = serde_json::from_str(text).map_err(|e| {
        InputError::new(
            name,
            e.line(),
            "(json)",
            e.to_string(),
            "an array of communes as in decoupage-administratif",
        )
    })?;
    let mut out = Vec::new();
    for (i, r) in rows.into_iter().enumerate() {
        if r.kind != "commune-actuelle" {
            continue;
        }
        let code = InseeCode::parse(&r.code)
            .map_err(|e| InputError::new(name, i + 1, "code", r.code.clone(), e.expected))?;
        super::check_text(&r.nom)
            .map_err(|why| InputError::new(name, i + 1, "nom", &r.nom, why))?;
        let departement = r
            .departement
            .unwrap_or_else(|| code.departement().to_string());
        out.push(CommunePopulation {
            code,
            nom: r.nom,
            departement,
            region: r.region,
            population: r.population,
            codes_postaux: r.codes_postaux,
        });
    }
    Ok(out)
}

fn read_csv(name: &str, text: &str) -> Result<Vec<CommunePopulation>, InputError> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| InputError::file(name, e.to_string(), "a CSV header"))?
        .clone();
    let col = |k: &str| headers.iter().position(|h| h == k);
    let (Some(c_code), Some(c_nom), Some(c_pop)) = (col("code"), col("nom"), col("population"))
    else {
        return Err(InputError::new(
            name,
            1,
            "(header)",
            headers.iter().collect::<Vec<_>>().join(","),
            "columns code, nom, population (and type, departement, region, codes_postaux)",
        ));
    };
    let (c_type, c_dep, c_reg, c_cp) = (
        col("type"),
        col("departement"),
        col("region"),
        col("codes_postaux"),
    );
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| {
            InputError::new(name, line, "(row)", e.to_string(), "a well-formed CSV row")
        })?;
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").trim();
        if c_type.is_some() && get(c_type) != "commune-actuelle" {
            continue;
        }
        let raw = get(Some(c_code));
        let code = InseeCode::parse(raw)
            .map_err(|e| InputError::new(name, line, "code", raw, e.expected))?;
        let pop = get(Some(c_pop));
        let population =
            if pop.is_empty() {
                None
            } else {
                Some(pop.parse::<u64>().map_err(|_| {
                    InputError::new(name, line, "population", pop, "a whole number")
                })?)
            };
        let nom = get(Some(c_nom));
        super::check_text(nom).map_err(|why| InputError::new(name, line, "nom", nom, why))?;
        let dep = get(c_dep);
        out.push(CommunePopulation {
            departement: if dep.is_empty() {
                code.departement().to_string()
            } else {
                dep.to_string()
            },
            code,
            nom: nom.to_string(),
            region: Some(get(c_reg).to_string()).filter(|s| !s.is_empty()),
            population,
            codes_postaux: get(c_cp)
                .split(['|', ';', ' '])
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        });
    }
    Ok(out)
}
