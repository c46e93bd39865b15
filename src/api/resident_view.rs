//! What a resident reads of a place beside the standard's fields: its name and phone written
//! for people, its week's hours in words, whether it is open at the instant asked, and
//! whether its record is old.

use crate::hours::{Opening, WeekText};
use crate::model::display_text::{display_address, display_name, phone_fr};
use crate::registry::Snapshot;
use chrono::{DateTime, Duration};
use serde::Serialize;

/// The added properties of a place feature (`/api/places/nearest`, `/api/places/{id}`,
/// `/api/search`).
#[derive(Serialize)]
pub struct ResidentView {
    pub nom_affiche: String,
    pub telephone_affiche: Option<String>,
    /// Street, complement, postcode and commune on one line, without shouting capitals.
    pub adresse_affiche: String,
    /// `date_maj` more than a year before today (`None` without a date).
    pub date_maj_ancienne: Option<bool>,
    /// One line per day of the week of the instant asked; `None` without readable hours.
    pub horaires_texte: Option<WeekText>,
    /// The published hours when they do not parse, to be shown as given with a warning.
    pub horaires_invalides: Option<String>,
    pub ouverture: Opening,
}

impl ResidentView {
    /// The view of place `i`, its state read at `at` (Europe/Paris), its age at `today`.
    pub fn new(
        snapshot: &Snapshot,
        i: usize,
        at: DateTime<chrono_tz::Tz>,
        today: chrono::NaiveDate,
    ) -> ResidentView {
        let p = &snapshot.places[i].place;
        let raw = p
            .horaires
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty());
        let (horaires_texte, horaires_invalides, ouverture) =
            match (snapshot.hours.opening_at(i, at), raw) {
                (Some(opening), _) => (snapshot.hours.week_text(i, at.date_naive()), None, opening),
                (None, Some(raw)) => (None, Some(raw.to_string()), Opening::unreadable()),
                (None, None) => (None, None, Opening::no_hours()),
            };
        ResidentView {
            nom_affiche: display_name(&p.nom),
            telephone_affiche: p
                .telephone
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(phone_fr),
            adresse_affiche: display_address(
                Some(&p.adresse),
                p.complement_adresse.as_deref(),
                Some(&p.code_postal),
                Some(&p.commune),
            ),
            date_maj_ancienne: p.date_maj.map(|d| d < today - Duration::days(365)),
            horaires_texte,
            horaires_invalides,
            ouverture,
        }
    }
}
