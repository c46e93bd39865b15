//! The residents' query parameters: yes/no filters, audiences and support in the standard's
//! words or as slugs, the instant to read opening hours at, and the travel mode.

use super::params::Params;
use super::Problem;
use crate::hours::PARIS;
use crate::model::{PriseEnCharge, Public};
use crate::routing::Profile;
use chrono::{DateTime, NaiveDateTime, TimeZone};

impl Params {
    /// A yes/no parameter: `true`/`false` (also `1`/`0`, `oui`/`non`); absent is `false`.
    pub fn flag(&self, name: &str) -> Result<bool, Problem> {
        match self.get(name).map(str::to_ascii_lowercase).as_deref() {
            None | Some("false" | "0" | "non" | "no") => Ok(false),
            Some("true" | "1" | "oui" | "yes") => Ok(true),
            Some(other) => Err(Problem::bad_parameter(
                name,
                format!("`{name}` must be true or false, got {other:?}"),
            )),
        }
    }

    /// A comma-separated list where each item names one label of a vocabulary or the labels
    /// it begins (accents, case and hyphens forgiven): `langues-etrangeres` stands for both
    /// "Langues étrangères (anglais)" and "(autres)", `familles` for "Familles et/ou enfants".
    pub fn label_groups<T>(
        &self,
        name: &str,
        all: &[&str],
        from_label: fn(&str) -> T,
    ) -> Result<Vec<Vec<T>>, Problem> {
        let Some(v) = self.get(name) else {
            return Ok(Vec::new());
        };
        v.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|item| {
                let f = crate::registry::fold(item);
                let group: Vec<T> = all
                    .iter()
                    .filter(|l| {
                        let fl = crate::registry::fold(l);
                        !f.is_empty() && (fl == f || fl.starts_with(&format!("{f} ")))
                    })
                    .map(|l| from_label(l))
                    .collect();
                if group.is_empty() {
                    Err(Problem::bad_parameter(
                        name,
                        format!(
                            "`{name}`: unknown value {item:?}; expected one of: {}",
                            all.join(" · ")
                        ),
                    ))
                } else {
                    Ok(group)
                }
            })
            .collect()
    }

    /// `publics`: values of `publics_specifiquement_adresses`.
    pub fn publics(&self) -> Result<Vec<Vec<Public>>, Problem> {
        self.label_groups("publics", Public::LABELS, Public::from_label)
    }

    /// `accompagnements`: values of `prise_en_charge_specifique`.
    pub fn accompagnements(&self) -> Result<Vec<Vec<PriseEnCharge>>, Problem> {
        self.label_groups(
            "accompagnements",
            PriseEnCharge::LABELS,
            PriseEnCharge::from_label,
        )
    }

    /// The instant of `open_at` (ISO 8601; Paris time when it has no offset).
    pub fn open_at(&self) -> Result<Option<DateTime<chrono_tz::Tz>>, Problem> {
        self.get("open_at").map(parse_instant).transpose()
    }

    /// The instant to filter on: `open_at`, or now with `open_now=true`; both is an error.
    pub fn open_filter(
        &self,
        now: DateTime<chrono_tz::Tz>,
    ) -> Result<Option<DateTime<chrono_tz::Tz>>, Problem> {
        let at = self.open_at()?;
        match (at, self.flag("open_now")?) {
            (Some(_), true) => Err(Problem::bad_parameter(
                "open_now",
                "give `open_at` or `open_now=true`, not both",
            )),
            (at, false) => Ok(at),
            (None, true) => Ok(Some(now)),
        }
    }

    /// `mode=car|foot` (default car).
    pub fn mode(&self) -> Result<Profile, Problem> {
        match self.get("mode") {
            None => Ok(Profile::Car),
            Some(v) => Profile::parse(v).ok_or_else(|| {
                Problem::bad_parameter("mode", format!("`mode` must be car or foot, got {v:?}"))
            }),
        }
    }
}

/// Years an instant may name: opening hours are evaluated a year ahead of it, and chrono's
/// dates end at year 262,143, so far years are refused before any arithmetic overflows.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

fn within_years(raw: &str, t: DateTime<chrono_tz::Tz>) -> Result<DateTime<chrono_tz::Tz>, Problem> {
    use chrono::Datelike;
    if YEARS.contains(&t.year()) {
        Ok(t)
    } else {
        Err(Problem::bad_parameter(
            "open_at",
            format!(
                "`open_at` must be a date between {} and {}, got {:?}",
                YEARS.start(),
                YEARS.end(),
                raw
            ),
        ))
    }
}

/// Reads `2024-12-25T10:00:00+01:00`, `…Z`, or `2024-12-25T10:00[:00]` (Paris time). A `+`
/// left unencoded in a query string arrives as a space: `…T10:00:00 01:00` is read as `+01:00`.
pub fn parse_instant(raw: &str) -> Result<DateTime<chrono_tz::Tz>, Problem> {
    let text = raw.trim();
    let repaired = match text.rfind(' ') {
        Some(i) if i > 10 && text[i + 1..].len() == 5 && text.as_bytes()[i + 3] == b':' => {
            format!("{}+{}", &text[..i], &text[i + 1..])
        }
        _ => text.to_string(),
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(&repaired) {
        return within_years(raw, t.with_timezone(&PARIS));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(&repaired, format) {
            // A time skipped by the spring change is read one hour later.
            let local = PARIS.from_local_datetime(&naive).earliest().or_else(|| {
                PARIS
                    .from_local_datetime(&(naive + chrono::Duration::hours(1)))
                    .earliest()
            });
            if let Some(t) = local {
                return within_years(raw, t);
            }
        }
    }
    Err(Problem::bad_parameter(
        "open_at",
        format!(
            "`open_at` must be an ISO 8601 date and time, e.g. 2024-12-25T10:00 (Paris time) \
             or 2024-12-25T10:00:00+01:00, got {raw:?}"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::parse_instant;

    #[test]
    fn instants() {
        let t = |s: &str| {
            parse_instant(s)
                .map(|t| t.to_rfc3339())
                .map_err(|p| p.detail)
        };
        assert_eq!(t("2024-12-25T10:00").unwrap(), "2024-12-25T10:00:00+01:00");
        assert_eq!(
            t("2024-07-02T10:00:00").unwrap(),
            "2024-07-02T10:00:00+02:00"
        );
        assert_eq!(
            t("2024-12-25T09:00:00Z").unwrap(),
            "2024-12-25T10:00:00+01:00"
        );
        assert_eq!(
            t("2024-12-25T10:00:00 01:00").unwrap(),
            "2024-12-25T10:00:00+01:00"
        );
        assert!(t("demain").unwrap_err().contains("ISO 8601"));
        assert!(t("2024-13-25T10:00").is_err());
        assert!(t("2024-12-25").is_err());
    }
}
