//! The selection as a user names it (`--departement 19`, `?region=84`, `{"epci": "…"}`),
//! checked into a [`Selection`].

use crate::coverage::Selection;
use crate::model::InseeCode;
use crate::request::{RequestError, TextSource};
use serde::Deserialize;

/// The names of a selection as given, before checks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct SelectionInput {
    pub departement: Option<String>,
    pub region: Option<String>,
    /// SIREN of an EPCI.
    pub epci: Option<String>,
    /// INSEE code of one commune (command line).
    #[serde(skip)]
    pub commune: Option<String>,
    /// Every commune, said explicitly (command line).
    #[serde(skip)]
    pub all: bool,
}

/// What a request may leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelectionRule {
    /// At most one name; none selects every commune.
    AllByDefault,
    /// Exactly one of departement, region, epci (plans and scenarios over HTTP).
    OneArea,
}

impl SelectionInput {
    /// The names given as text: `departement`, `region`, `epci`, `commune`, `all`.
    pub fn from_text(src: &(impl TextSource + ?Sized)) -> Self {
        let get = |name: &str| src.text(name).map(str::to_string);
        SelectionInput {
            departement: get("departement"),
            region: get("region"),
            epci: get("epci"),
            commune: get("commune"),
            all: src.text("all").is_some(),
        }
    }

    /// The names that were given, in the order the parameters are documented.
    fn named(&self) -> Vec<&'static str> {
        [
            ("departement", self.departement.is_some()),
            ("region", self.region.is_some()),
            ("epci", self.epci.is_some()),
            ("commune", self.commune.is_some()),
            ("all", self.all),
        ]
        .into_iter()
        .filter_map(|(name, given)| given.then_some(name))
        .collect()
    }

    /// Checks the names against `rule` and each code against its pattern.
    pub fn check(&self, rule: SelectionRule) -> Result<Selection, RequestError> {
        let named = self.named();
        if named.len() > 1 {
            return Err(RequestError::new(
                named[1],
                "one of departement, region, epci, not several",
            )
            .got_text(named.join(" and ")));
        }
        let one_area = named
            .first()
            .is_some_and(|n| ["departement", "region", "epci"].contains(n));
        if rule == SelectionRule::OneArea && !one_area {
            let e = RequestError::new("departement", "one of departement, region, epci");
            return Err(match named.first() {
                Some(n) => e.got_text(format!("{n} only")),
                None => e.got_text("none"),
            });
        }
        if let Some(d) = &self.departement {
            return departement_code(d).map(Selection::Departement);
        }
        if let Some(r) = &self.region {
            return region_code(r).map(Selection::Region);
        }
        if let Some(e) = &self.epci {
            return epci_siren(e).map(Selection::Epci);
        }
        if let Some(c) = &self.commune {
            return InseeCode::parse(c)
                .map(Selection::Commune)
                .map_err(|e| RequestError::new("commune", e.expected).got(c));
        }
        Ok(Selection::All)
    }
}

/// A département code: `19`, `2A`, `971` (case and surrounding blanks ignored).
pub fn departement_code(text: &str) -> Result<String, RequestError> {
    let d = text.trim().to_ascii_uppercase();
    let ok = d.bytes().all(|b| b.is_ascii_alphanumeric())
        && match d.len() {
            2 => d == "2A" || d == "2B" || (d.bytes().all(|b| b.is_ascii_digit()) && d != "20"),
            3 => {
                (d.starts_with("97") || d.starts_with("98"))
                    && d.bytes().all(|b| b.is_ascii_digit())
            }
            _ => false,
        };
    if ok {
        Ok(d)
    } else {
        Err(RequestError::new("departement", "a code like 19, 2A or 971").got(text))
    }
}

/// A région code: two digits (`84`).
pub fn region_code(text: &str) -> Result<String, RequestError> {
    digits(text, 2).ok_or_else(|| RequestError::new("region", "a 2-digit code like 84").got(text))
}

/// An EPCI's SIREN: nine digits.
pub fn epci_siren(text: &str) -> Result<String, RequestError> {
    digits(text, 9)
        .ok_or_else(|| RequestError::new("epci", "a 9-digit SIREN like 200066389").got(text))
}

fn digits(text: &str, n: usize) -> Option<String> {
    let t = text.trim();
    (t.len() == n && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(pairs: &[(&str, &str)]) -> SelectionInput {
        let map: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        SelectionInput::from_text(&map)
    }

    fn fault(pairs: &[(&str, &str)], rule: SelectionRule) -> String {
        input(pairs).check(rule).unwrap_err().parameter
    }

    #[test]
    fn good_names_give_their_selection() {
        let all = SelectionRule::AllByDefault;
        assert_eq!(input(&[]).check(all), Ok(Selection::All));
        assert_eq!(
            input(&[("departement", " 2a ")]).check(all),
            Ok(Selection::Departement("2A".into()))
        );
        assert_eq!(
            input(&[("departement", "971")]).check(all),
            Ok(Selection::Departement("971".into()))
        );
        assert_eq!(
            input(&[("region", "84")]).check(SelectionRule::OneArea),
            Ok(Selection::Region("84".into()))
        );
        assert_eq!(
            input(&[("epci", "200066389")]).check(all),
            Ok(Selection::Epci("200066389".into()))
        );
        assert_eq!(
            input(&[("commune", "19031")]).check(all),
            Ok(Selection::Commune(InseeCode::parse("19031").unwrap()))
        );
        assert_eq!(input(&[("all", "true")]).check(all), Ok(Selection::All));
    }

    #[test]
    fn each_bad_name_or_code_is_named() {
        let all = SelectionRule::AllByDefault;
        for (pairs, parameter) in [
            (&[("departement", "999")][..], "departement"),
            (&[("departement", "20")], "departement"),
            (&[("departement", "9A1")], "departement"),
            (&[("region", "8")], "region"),
            (&[("region", "8a")], "region"),
            (&[("epci", "12345678")], "epci"),
            (&[("epci", "20006638X")], "epci"),
            (&[("commune", "ABCDE")], "commune"),
            (&[("departement", "15"), ("region", "84")], "region"),
            (&[("region", "84"), ("epci", "200066389")], "epci"),
        ] {
            assert_eq!(fault(pairs, all), parameter, "{pairs:?}");
        }
    }

    #[test]
    fn one_area_is_required_where_asked() {
        let one = SelectionRule::OneArea;
        assert_eq!(fault(&[], one), "departement");
        assert_eq!(fault(&[("commune", "19031")], one), "departement");
        assert_eq!(fault(&[("all", "true")], one), "departement");
        assert_eq!(
            fault(&[("departement", "15"), ("epci", "200066389")], one),
            "epci"
        );
    }

    #[test]
    fn bodies_name_the_same_fields() {
        let body: SelectionInput =
            serde_json::from_value(serde_json::json!({"region": "8"})).unwrap();
        assert_eq!(
            body.check(SelectionRule::OneArea).unwrap_err().parameter,
            "region"
        );
    }
}
