//! The constraints of the standard v1.0.2's table schema (`schema.json`, Frictionless), as
//! Rust: which fields are required, their patterns, enumerations, maximum lengths and types.
//! A v1.0.2 record that breaks one is rejected, naming the line and the field. The test
//! `every_constraint_of_the_published_schema_is_enforced` reads the published schema and
//! fails when a constraint is missing here or differs, so the two cannot drift apart.

use super::check::RowCtx;
use super::{RawRecord, RowError};
use crate::model::*;
use regex::Regex;
use std::sync::LazyLock;

/// What a field's value must look like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Rule {
    /// Any text.
    Text,
    /// Text matching a pattern of the schema (written as in the schema).
    Pattern(&'static str),
    /// A `|`-separated list of labels of a closed list.
    Labels(&'static [&'static str]),
    /// Text of at most this many characters.
    MaxLength(usize),
    /// A number with a `.` decimal point (Frictionless `number`).
    Number,
    /// An ISO date `YYYY-MM-DD` (Frictionless `date`, format `default`).
    Date,
}

/// One field of the schema: its name, whether it is required, and its rule.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldRule {
    pub name: &'static str,
    pub required: bool,
    pub rule: Rule,
}

const fn field(name: &'static str, required: bool, rule: Rule) -> FieldRule {
    FieldRule {
        name,
        required,
        rule,
    }
}

/// `formations_labels` as the schema spells them (`Étapes numériques(La Poste)` has no space).
pub(crate) const SCHEMA_FORMATION_LABELS: [&str; 10] = [
    "Formé à « Mon Espace Santé »",
    "Formé à « DUPLEX » (illettrisme)",
    "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
    "Collectif ressources et acteurs réemploi (Normandie)",
    "Étapes numériques(La Poste)",
    "Fabriques de Territoire",
    "Les Éclaireurs du numérique (Drôme)",
    "Mes Papiers (Métropole de Lyon)",
    "ORDI 3.0",
    "SUD LABS (PACA)",
];

/// The 32 fields of v1.0.2 with their constraints (`id` is also `unique`, checked per file).
pub(crate) const RULES: [FieldRule; 32] = [
    field("id", true, Rule::Text),
    field("pivot", true, Rule::Pattern("^[a-zA-Z0-9]{9,14}$")),
    field("nom", true, Rule::Text),
    field("commune", true, Rule::Text),
    field("code_postal", true, Rule::Pattern(r"^\d{5}$")),
    field(
        "code_insee",
        false,
        Rule::Pattern(r"^([013-9]\d|2[AB1-9])\d{3}$"),
    ),
    field("adresse", true, Rule::Text),
    field("complement_adresse", false, Rule::Text),
    field("latitude", false, Rule::Number),
    field("longitude", false, Rule::Number),
    field("typologie", false, Rule::Text),
    field(
        "telephone",
        false,
        Rule::Pattern(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$"),
    ),
    field("courriels", false, Rule::Text),
    field("site_web", false, Rule::Text),
    field("horaires", false, Rule::Text),
    field("presentation_resume", false, Rule::MaxLength(280)),
    field("presentation_detail", false, Rule::Text),
    field("source", false, Rule::Text),
    field("itinerance", false, Rule::Labels(Itinerance::LABELS)),
    field("structure_parente", false, Rule::Text),
    field("date_maj", true, Rule::Date),
    field("services", false, Rule::Labels(Service::LABELS)),
    field(
        "publics_specifiquement_adresses",
        false,
        Rule::Labels(Public::LABELS),
    ),
    field(
        "prise_en_charge_specifique",
        false,
        Rule::Labels(PriseEnCharge::LABELS),
    ),
    field("frais_a_charge", false, Rule::Labels(Frais::LABELS)),
    field(
        "dispositif_programmes_nationaux",
        false,
        Rule::Labels(Dispositif::LABELS),
    ),
    field(
        "formations_labels",
        false,
        Rule::Labels(&SCHEMA_FORMATION_LABELS),
    ),
    field("autres_formations_labels", false, Rule::Text),
    field(
        "modalites_acces",
        false,
        Rule::Labels(ModaliteAcces::LABELS),
    ),
    field(
        "modalites_accompagnement",
        false,
        Rule::Labels(ModaliteAccompagnement::LABELS),
    ),
    field("fiche_acces_libre", false, Rule::Text),
    field("prise_rdv", false, Rule::Text),
];

/// The schema's patterns, compiled once. ASCII semantics: `\d` is 0–9 as in the schema's
/// intent (Unicode digits such as `٥` are not postcodes).
static PATTERNS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    RULES
        .iter()
        .filter_map(|f| match f.rule {
            Rule::Pattern(p) => Some((
                p,
                regex::RegexBuilder::new(p)
                    .unicode(false)
                    .build()
                    .expect("the schema's patterns compile"),
            )),
            _ => None,
        })
        .collect()
});

/// Checks a v1.0.2 record against every constraint, in the schema's field order; the first
/// broken one rejects the row, naming the field, the value and what the schema asks.
pub(crate) fn check_record(rec: &RawRecord, ctx: &RowCtx) -> Result<(), RowError> {
    for f in &RULES {
        let Some(value) = rec.get(f.name) else {
            if f.required {
                return Err(ctx.reject(f.name, "", "a value (required by the standard v1.0.2)"));
            }
            continue;
        };
        check_value(f.rule, value).map_err(|expected| ctx.reject(f.name, value, &expected))?;
    }
    Ok(())
}

/// Whether a non-empty value follows a rule; the error says what was expected.
pub(crate) fn check_value(rule: Rule, value: &str) -> Result<(), String> {
    match rule {
        Rule::Text => Ok(()),
        Rule::Pattern(p) => {
            let re = PATTERNS
                .iter()
                .find(|(q, _)| *q == p)
                .map(|(_, re)| re)
                .expect("every pattern is compiled");
            if re.is_match(value) {
                Ok(())
            } else {
                Err(format!(
                    "text matching the pattern {p} of the standard v1.0.2"
                ))
            }
        }
        Rule::Labels(labels) => match value.split('|').find(|item| !labels.contains(item)) {
            None => Ok(()),
            Some(item) => Err(format!(
                "values of the standard v1.0.2 separated by `|` ({item:?} is not one: {})",
                labels.join(", ")
            )),
        },
        Rule::MaxLength(max) => {
            let n = value.chars().count();
            if n <= max {
                Ok(())
            } else {
                Err(format!("at most {max} characters (got {n})"))
            }
        }
        Rule::Number => {
            let ok = value
                .bytes()
                .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
                && value.parse::<f64>().is_ok_and(f64::is_finite);
            if ok {
                Ok(())
            } else {
                Err("a number with a `.` decimal point".into())
            }
        }
        Rule::Date => {
            let ok =
                value.len() == 10 && chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok();
            if ok {
                Ok(())
            } else {
                Err("an ISO date like 2024-04-02".into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn schema() -> Value {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/standard/lieux-mediation-numerique-schema-v1.0.2.json"
        );
        serde_json::from_str(&std::fs::read_to_string(path).expect("the published schema"))
            .expect("JSON")
    }

    /// The labels of a schema pattern `(?:(?:^|\|)(A|B))+$`, unescaped.
    fn pattern_labels(p: &str) -> Option<Vec<String>> {
        let inner = p.strip_prefix(r"(?:(?:^|\|)(")?.strip_suffix("))+$")?;
        Some(
            inner
                .split('|')
                .map(|l| l.replace(r"\(", "(").replace(r"\)", ")"))
                .collect(),
        )
    }

    #[test]
    fn every_constraint_of_the_published_schema_is_enforced() {
        // Leaked so that the schema's patterns compare with `Rule::Pattern(&'static str)`.
        let schema: &'static Value = Box::leak(Box::new(schema()));
        let fields = schema["fields"].as_array().expect("fields");
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        let ours: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        assert_eq!(ours, names, "same fields in the same order");
        assert_eq!(ours, super::super::FIELDS);
        for (f, rule) in fields.iter().zip(&RULES) {
            let name = rule.name;
            let c = &f["constraints"];
            let known = ["required", "unique", "pattern", "maxLength"];
            for k in c.as_object().unwrap().keys() {
                assert!(
                    known.contains(&k.as_str()),
                    "{name}: constraint {k} not handled"
                );
            }
            assert_eq!(
                c["required"].as_bool().unwrap_or(false),
                rule.required,
                "{name}: required"
            );
            assert_eq!(
                c["unique"].as_bool().unwrap_or(false),
                name == "id",
                "{name}: unique"
            );
            let expected = match (
                f["type"].as_str().unwrap(),
                c["pattern"].as_str(),
                c["maxLength"].as_u64(),
            ) {
                ("number", None, None) => Rule::Number,
                ("date", None, None) => {
                    assert_eq!(f["format"].as_str(), Some("default"), "{name}");
                    Rule::Date
                }
                ("string", None, Some(n)) => Rule::MaxLength(n as usize),
                ("string", None, None) => Rule::Text,
                ("string", Some(p), None) => match (pattern_labels(p), rule.rule) {
                    (Some(mut labels), Rule::Labels(ours)) => {
                        let mut ours = ours.to_vec();
                        ours.sort_unstable();
                        labels.sort_unstable();
                        assert_eq!(ours, labels, "{name}: labels");
                        rule.rule
                    }
                    _ => Rule::Pattern(p),
                },
                other => panic!("{name}: type/constraints {other:?} not handled"),
            };
            assert_eq!(rule.rule, expected, "{name}");
        }
    }

    #[test]
    fn values_are_checked_as_the_schema_says() {
        let postcode = RULES[4].rule;
        assert!(check_value(postcode, "05110").is_ok());
        assert!(check_value(postcode, "5110").is_err());
        assert!(check_value(postcode, "٠٥١١٠").is_err());
        let services = RULES[21].rule;
        assert!(check_value(services, "Aide aux démarches administratives").is_ok());
        assert!(check_value(services, "Services secrets").is_err());
        assert!(check_value(
            services,
            "Aide aux démarches administratives;Loisirs et créations numériques"
        )
        .is_err());
        assert!(check_value(Rule::Number, "45.5").is_ok());
        assert!(check_value(Rule::Number, "45,5").is_err());
        assert!(check_value(Rule::Date, "2024-04-02").is_ok());
        assert!(check_value(Rule::Date, "2024-04-02T10:00:00").is_err());
        assert!(check_value(Rule::MaxLength(3), "abcd").is_err());
    }
}
