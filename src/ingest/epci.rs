//! EPCI (intercommunalités) and their member communes, from `epci.json`.

use super::{read_text, InputError};
use crate::model::InseeCode;
use serde::Deserialize;
use std::path::Path;

/// An intercommunalité: SIREN code, name, kind (CC, CA, CU, METRO…) and members.
#[derive(Debug, Clone)]
pub struct Epci {
    pub code: String,
    pub nom: String,
    pub kind: String,
    pub members: Vec<InseeCode>,
}

#[derive(Deserialize)]
struct JsonEpci {
    code: String,
    nom: String,
    #[serde(rename = "type", default)]
    kind: String,
    membres: Vec<JsonMember>,
}

#[derive(Deserialize)]
struct JsonMember {
    code: String,
}

/// Reads the decoupage-administratif EPCI list; a SIREN must have 9 digits.
pub fn read_epci(path: &Path) -> Result<Vec<Epci>, InputError> {
    let name = path.display().to_string();
    let text = read_text(path)?;
    let rows: Vec<JsonEpci> = serde_json::from_str(&text).map_err(|e| {
        InputError::new(
            &name,
            e.line(),
            "(json)",
            e.to_string(),
            "an array of EPCI with code, nom, membres",
        )
    })?;
    rows.into_iter()
        .enumerate()
        .map(|(i, r)| {
            if r.code.len() != 9 || !r.code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(InputError::new(
                    &name,
                    i + 1,
                    "code",
                    r.code,
                    "a 9-digit SIREN",
                ));
            }
            let members = r
                .membres
                .into_iter()
                .map(|m| {
                    InseeCode::parse(&m.code).map_err(|e| {
                        InputError::new(&name, i + 1, "membres.code", m.code, e.expected)
                    })
                })
                .collect::<Result<_, _>>()?;
            Ok(Epci {
                code: r.code,
                nom: r.nom,
                kind: r.kind,
                members,
            })
        })
        .collect()
}
