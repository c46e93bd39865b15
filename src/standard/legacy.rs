//! A place from a record of the legacy standard v0.1.0, mapped to v1.0.2 (STANDARD.md §2).
//!
//! Every value that occurs in the real legacy files of `shared/data/places` is mapped;
//! anything else is kept as `Other` and reported.

use super::check::*;
use super::fields::{fold, split_multi};
use super::v1::base;
use super::{RawRecord, RowCtx, RowError};
use crate::model::*;

/// Legacy fields that have no v1 counterpart and are dropped on purpose.
const DROPPED: &[&str] = &["cle_ban"];

/// Every field a legacy record may carry, mapped or dropped.
const LEGACY_FIELDS: &[&str] = &[
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "cle_ban",
    "typologie",
    "telephone",
    "courriel",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "structure_parente",
    "date_maj",
    "services",
    "publics_accueillis",
    "conditions_acces",
    "conditions_access",
    "labels_nationaux",
    "labels_autres",
    "modalites_accompagnement",
    "accessibilite",
    "prise_rdv",
];

/// The 15 v0.1.0 services folded into the 9 of v1.0.2.
const SERVICES: &[(&str, Service)] = &[
    (
        "Devenir autonome dans les démarches administratives",
        Service::DemarchesAdministratives,
    ),
    (
        "Réaliser des démarches administratives avec un accompagnement",
        Service::DemarchesAdministratives,
    ),
    (
        "Accompagner les démarches de santé",
        Service::DemarchesAdministratives,
    ),
    (
        "Prendre en main un smartphone ou une tablette",
        Service::OutilsQuotidien,
    ),
    ("Prendre en main un ordinateur", Service::OutilsQuotidien),
    (
        "Utiliser le numérique au quotidien",
        Service::OutilsQuotidien,
    ),
    (
        "Approfondir ma culture numérique",
        Service::ComprehensionMonde,
    ),
    (
        "Promouvoir la citoyenneté numérique",
        Service::ComprehensionMonde,
    ),
    (
        "Favoriser mon insertion professionnelle",
        Service::InsertionPro,
    ),
    ("Créer et développer mon entreprise", Service::InsertionPro),
    (
        "Accéder à une connexion internet",
        Service::AccesInternetMateriel,
    ),
    ("Accéder à du matériel", Service::AccesInternetMateriel),
    (
        "S'équiper en matériel informatique",
        Service::MaterielSolidaire,
    ),
    ("Créer avec le numérique", Service::Loisirs),
    (
        "Soutenir la parentalité et l'éducation avec le numérique",
        Service::Parentalite,
    ),
];

/// Where a `publics_accueillis` value goes in v1.
enum Audience {
    Public(Public),
    Need(PriseEnCharge),
    /// "Adultes": everybody; v1 lists only publics *specifically* addressed.
    General,
}

/// `publics_accueillis` values (before any ` : ` explanation) and their v1 meaning.
/// Psychic disabilities have no v1 value: the closest, "Handicaps mentaux", is used.
/// "Public langues étrangères" does not say which language: "Langues étrangères (autres)".
const AUDIENCES: &[(&str, Audience)] = &[
    ("Seniors (+ 65 ans)", Audience::Public(Public::Seniors)),
    ("Familles/enfants", Audience::Public(Public::Familles)),
    ("Jeunes (16-26 ans)", Audience::Public(Public::Jeunes)),
    ("Uniquement femmes", Audience::Public(Public::Femmes)),
    ("Adultes", Audience::General),
    (
        "Public langues étrangères",
        Audience::Need(PriseEnCharge::LanguesAutres),
    ),
    (
        "Déficience visuelle",
        Audience::Need(PriseEnCharge::DeficienceVisuelle),
    ),
    ("Surdité", Audience::Need(PriseEnCharge::Surdite)),
    (
        "Handicaps psychiques",
        Audience::Need(PriseEnCharge::HandicapsMentaux),
    ),
    (
        "Handicaps mentaux",
        Audience::Need(PriseEnCharge::HandicapsMentaux),
    ),
    (
        "Personnes en situation d'illettrisme",
        Audience::Need(PriseEnCharge::Illettrisme),
    ),
];

/// `conditions_acces` heads (text before the colon). A Pass numérique makes the service free
/// for its holders ("Gratuit sous condition"); a membership ("Adhésion") is a fee ("Payant").
const FRAIS: &[(&str, Frais)] = &[
    ("Gratuit", Frais::Gratuit),
    ("Gratuit sous condition", Frais::GratuitSousCondition),
    ("Payant", Frais::Payant),
    ("Accepte le Pass numérique", Frais::GratuitSousCondition),
    ("Adhésion", Frais::Payant),
];

/// Where a `labels_nationaux` value goes in v1.
enum Label {
    Dispositif(Dispositif),
    Formation(&'static str),
    Other,
}

const LABELS: &[(&str, Label)] = &[
    ("CNFS", Label::Dispositif(Dispositif::ConseillersNumeriques)),
    (
        "France Services",
        Label::Dispositif(Dispositif::FranceServices),
    ),
    (
        "Aidants Connect",
        Label::Dispositif(Dispositif::AidantsConnect),
    ),
    (
        "Grandes écoles du numérique",
        Label::Dispositif(Dispositif::GrandeEcoleNumerique),
    ),
    (
        "Point relais CAF",
        Label::Dispositif(Dispositif::PointAccesCaf),
    ),
    (
        "Point numérique CAF",
        Label::Dispositif(Dispositif::PointAccesCaf),
    ),
    (
        "Fabriques de Territoire",
        Label::Formation("Fabriques de Territoire"),
    ),
    // National labels of v0.1.0 that v1 no longer lists: kept as other labels.
    ("APTIC", Label::Other),
    ("Relais pôle emploi", Label::Other),
    ("French Tech", Label::Other),
    ("Campus connecté", Label::Other),
];

/// `modalites_accompagnement` heads. "A ma place" (someone does it for me) is one-to-one help.
const ACCOMPAGNEMENTS: &[(&str, ModaliteAccompagnement)] = &[
    ("Seul", ModaliteAccompagnement::Autonomie),
    ("Avec de l'aide", ModaliteAccompagnement::Individuel),
    ("Dans un atelier", ModaliteAccompagnement::Atelier),
    ("A ma place", ModaliteAccompagnement::Individuel),
];

/// The text before ` : ` in values like `Gratuit : Je peux accéder gratuitement…`.
fn head(value: &str) -> &str {
    value.split(" : ").next().unwrap_or(value).trim()
}

/// The entry for `value`: exact match first, then ignoring case, accents and spacing.
fn lookup<'t, T>(table: &'t [(&str, T)], value: &str) -> Option<&'t T> {
    let exact = table.iter().find(|(k, _)| *k == value);
    exact
        .or_else(|| {
            let f = fold(value);
            table.iter().find(|(k, _)| fold(k) == f)
        })
        .map(|(_, v)| v)
}

/// A v0.1.0 record mapped to a v1.0.2 place.
pub(crate) fn place(rec: &RawRecord, ctx: &mut RowCtx) -> Result<Place, RowError> {
    let mut p = base(rec, ctx)?;
    p.courriels = list(rec.get("courriel"));

    for item in items(rec, "services") {
        match lookup(SERVICES, item)
            .cloned()
            .or_else(|| find_label::<Service>(item).map(Service::from_label))
        {
            Some(s) => push_unique(&mut p.services, s),
            None => {
                ctx.unmapped("services", item);
                push_unique(&mut p.services, Service::Other(item.to_string()));
            }
        }
    }

    for item in items(rec, "publics_accueillis") {
        match lookup(AUDIENCES, head(item)) {
            Some(Audience::Public(v)) => push_unique(&mut p.publics_specifiquement_adresses, v.clone()),
            Some(Audience::Need(v)) => push_unique(&mut p.prise_en_charge_specifique, v.clone()),
            Some(Audience::General) => ctx.report.count_note(
                "publics_accueillis \"Adultes\" (general public) left out: v1 lists only specific publics",
            ),
            None => {
                ctx.unmapped("publics_accueillis", item);
                push_unique(&mut p.publics_specifiquement_adresses, Public::Other(item.to_string()));
            }
        }
    }

    let conditions = rec.get("conditions_acces").or(rec.get("conditions_access"));
    if rec.get("conditions_access").is_some() {
        ctx.report
            .count_note("field `conditions_access` (typo) read as `conditions_acces`");
    }
    for item in conditions.map(split_multi).unwrap_or_default() {
        match lookup(FRAIS, head(item)) {
            Some(f) => push_unique(&mut p.frais_a_charge, f.clone()),
            None => {
                ctx.unmapped("conditions_acces", item);
                push_unique(&mut p.frais_a_charge, Frais::Other(item.to_string()));
            }
        }
    }

    for item in items(rec, "labels_nationaux") {
        match lookup(LABELS, item) {
            Some(Label::Dispositif(d)) => {
                push_unique(&mut p.dispositif_programmes_nationaux, d.clone())
            }
            Some(Label::Formation(l)) => push_unique(&mut p.formations_labels, l.to_string()),
            Some(Label::Other) => push_unique(&mut p.autres_formations_labels, item.to_string()),
            None => {
                ctx.unmapped("labels_nationaux", item);
                push_unique(
                    &mut p.dispositif_programmes_nationaux,
                    Dispositif::Other(item.to_string()),
                );
            }
        }
    }
    for item in items(rec, "labels_autres") {
        push_unique(&mut p.autres_formations_labels, item.to_string());
    }

    for item in items(rec, "modalites_accompagnement") {
        match lookup(ACCOMPAGNEMENTS, head(item)) {
            Some(m) => push_unique(&mut p.modalites_accompagnement, m.clone()),
            None => {
                ctx.unmapped("modalites_accompagnement", item);
                push_unique(
                    &mut p.modalites_accompagnement,
                    ModaliteAccompagnement::Other(item.to_string()),
                );
            }
        }
    }

    p.fiche_acces_libre = opt(rec.get("accessibilite"));
    for k in rec.fields.keys() {
        if DROPPED.contains(&k.as_str()) || !LEGACY_FIELDS.contains(&k.as_str()) {
            ctx.report.count_note(format!(
                "field `{k}` has no place in the standard v1.0.2, ignored"
            ));
        }
    }
    Ok(p)
}

fn items<'r>(rec: &'r RawRecord, field: &str) -> Vec<&'r str> {
    rec.get(field).map(split_multi).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_legacy_service_of_the_schema_is_mapped() {
        // The 15 names of the v0.1.0 schema's pattern.
        assert_eq!(SERVICES.len(), 15);
        let mut targets: Vec<_> = SERVICES.iter().map(|(_, s)| s.label()).collect();
        targets.sort();
        targets.dedup();
        // Every v1 service but "Utilisation sécurisée du numérique" is reached.
        assert_eq!(targets.len(), 8);
    }

    #[test]
    fn heads_cut_at_the_colon() {
        assert_eq!(
            head("Gratuit : Je peux accéder gratuitement au lieu"),
            "Gratuit"
        );
        assert_eq!(head("Adultes"), "Adultes");
    }
}
