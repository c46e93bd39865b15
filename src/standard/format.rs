//! Which kind of file a source is, told from its content or forced with `--format`.

use super::FileError;
use std::fmt;
use std::str::FromStr;

/// The formats `read_places` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceFormat {
    /// Standard v1.0.2 CSV (32 columns, multi-values separated by `|`).
    StandardCsv,
    /// Standard v1.0.2 as a JSON array of objects with the same field names.
    StandardJson,
    /// Legacy v0.1.0 as a JSON array.
    LegacyJson,
    /// Legacy v0.1.0 CSV.
    LegacyCsv,
    /// The ANCT France Services list (`id_fs`, `h_lundi`…).
    FranceServicesCsv,
}

impl SourceFormat {
    pub const ALL: [SourceFormat; 5] = [
        SourceFormat::StandardCsv,
        SourceFormat::StandardJson,
        SourceFormat::LegacyJson,
        SourceFormat::LegacyCsv,
        SourceFormat::FranceServicesCsv,
    ];

    /// The name used by `--format`.
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::StandardCsv => "standard-csv",
            SourceFormat::StandardJson => "standard-json",
            SourceFormat::LegacyJson => "legacy-json",
            SourceFormat::LegacyCsv => "legacy-csv",
            SourceFormat::FranceServicesCsv => "france-services",
        }
    }

    pub fn is_json(self) -> bool {
        matches!(self, SourceFormat::StandardJson | SourceFormat::LegacyJson)
    }
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for SourceFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|f| f.name() == s.trim())
            .ok_or_else(|| {
                let names: Vec<_> = Self::ALL.iter().map(|f| f.name()).collect();
                format!("unknown format {s:?}: expected one of {}", names.join(", "))
            })
    }
}

/// Fields only the v1 standard has.
const V1_ONLY: &[&str] = &[
    "courriels",
    "itinerance",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "fiche_acces_libre",
];

/// Fields only the legacy v0.1.0 standard has (`conditions_access`: a producer's typo).
const LEGACY_ONLY: &[&str] = &[
    "courriel",
    "cle_ban",
    "publics_accueillis",
    "conditions_acces",
    "conditions_access",
    "labels_nationaux",
    "labels_autres",
    "accessibilite",
];

/// Standard or legacy, from the field names present; when they say nothing, from whether
/// the `services` values are v1 labels (`services_are_v1("services")`).
pub(crate) fn detect<'a>(
    keys: impl Iterator<Item = &'a String>,
    services_are_v1: impl Fn(&str) -> bool,
) -> SourceFormat {
    let (mut v1, mut legacy) = (0, 0);
    let mut seen = std::collections::HashSet::new();
    for k in keys {
        if seen.insert(k.as_str()) {
            v1 += usize::from(V1_ONLY.contains(&k.as_str()));
            legacy += usize::from(LEGACY_ONLY.contains(&k.as_str()));
        }
    }
    let standard = if v1 != legacy {
        v1 > legacy
    } else {
        services_are_v1("services")
    };
    if standard {
        SourceFormat::StandardJson
    } else {
        SourceFormat::LegacyJson
    }
}

/// The format of a CSV file from its header.
pub(crate) fn detect_csv(header: &[String], file: &str) -> Result<SourceFormat, FileError> {
    let has = |k: &str| header.iter().any(|h| h == k);
    if has("id_fs") && has("h_lundi") {
        return Ok(SourceFormat::FranceServicesCsv);
    }
    if !has("id") || !has("nom") {
        return Err(FileError::UnknownFormat {
            file: file.to_string(),
            reason: format!(
                "the header has neither `id`+`nom` (standard) nor `id_fs`+`h_lundi` (France Services): {:?}",
                header.iter().take(8).collect::<Vec<_>>()
            ),
        });
    }
    // A v1 CSV holds all 32 columns; a header without any v1-only column is legacy.
    Ok(match detect(header.iter(), |_| false) {
        SourceFormat::StandardJson => SourceFormat::StandardCsv,
        _ => SourceFormat::LegacyCsv,
    })
}

/// Checks that a CSV header can carry places of this format.
pub(crate) fn check_header(
    format: SourceFormat,
    header: &[String],
    file: &str,
) -> Result<(), FileError> {
    let broken = |reason: String| FileError::BrokenHeader {
        file: file.to_string(),
        reason,
    };
    let required: &[&str] = match format {
        SourceFormat::FranceServicesCsv => &["id_fs", "lib_fs"],
        _ => &["id", "nom"],
    };
    for r in required {
        if !header.iter().any(|h| h == r) {
            return Err(broken(format!("no `{r}` column for {format}")));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for h in header {
        if h.is_empty() {
            return Err(broken("an empty column name".into()));
        }
        if !seen.insert(h) {
            return Err(broken(format!("column `{h}` appears twice")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for f in SourceFormat::ALL {
            assert_eq!(f.name().parse::<SourceFormat>(), Ok(f));
        }
        let e = "csv".parse::<SourceFormat>().unwrap_err();
        assert!(e.contains("standard-csv"), "{e}");
    }

    #[test]
    fn header_decides_csv_format() {
        let h = |s: &str| s.split(',').map(String::from).collect::<Vec<_>>();
        let fs = h("id_fs,lib_fs,h_lundi");
        assert_eq!(
            detect_csv(&fs, "f").unwrap(),
            SourceFormat::FranceServicesCsv
        );
        let v1 = h("id,nom,courriels,frais_a_charge");
        assert_eq!(detect_csv(&v1, "f").unwrap(), SourceFormat::StandardCsv);
        let v0 = h("id,nom,courriel,conditions_acces");
        assert_eq!(detect_csv(&v0, "f").unwrap(), SourceFormat::LegacyCsv);
        assert!(detect_csv(&h("a,b"), "f").is_err());
        let dup = h("id,nom,nom");
        assert!(check_header(SourceFormat::StandardCsv, &dup, "f").is_err());
    }
}
