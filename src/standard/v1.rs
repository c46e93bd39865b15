//! A place from a record of the standard v1.0.2 (CSV or JSON).

use super::check::*;
use super::{RawRecord, RowCtx, RowError};
use crate::model::*;

/// The fields v1 and legacy share, checked; the vocabulary fields are left empty.
pub(crate) fn base(rec: &RawRecord, ctx: &mut RowCtx) -> Result<Place, RowError> {
    let id = required(ctx, "id", rec.get("id"))?;
    let nom = required(ctx, "nom", rec.get("nom"))?;
    let (latitude, longitude) = coordinates(ctx, rec.get("latitude"), rec.get("longitude"))?;
    let code_insee = insee(ctx, rec.get("code_insee"))?;
    let date_maj = date_maj(ctx, rec.get("date_maj"))?;
    let (horaires, horaires_valid) = horaires(ctx, rec.get("horaires"));
    Ok(Place {
        id,
        pivot: wanted(ctx, "pivot", rec.get("pivot")),
        nom,
        commune: wanted(ctx, "commune", rec.get("commune")),
        code_postal: code_postal(ctx, rec.get("code_postal")),
        code_insee,
        adresse: wanted(ctx, "adresse", rec.get("adresse")),
        complement_adresse: opt(rec.get("complement_adresse")),
        latitude,
        longitude,
        typologie: list(rec.get("typologie")),
        telephone: telephone(ctx, rec.get("telephone")),
        courriels: Vec::new(),
        site_web: list(rec.get("site_web")),
        horaires,
        presentation_resume: presentation_resume(ctx, rec.get("presentation_resume")),
        presentation_detail: opt(rec.get("presentation_detail")),
        source: opt(rec.get("source")),
        itinerance: Vec::new(),
        structure_parente: opt(rec.get("structure_parente")),
        date_maj,
        services: Vec::new(),
        publics_specifiquement_adresses: Vec::new(),
        prise_en_charge_specifique: Vec::new(),
        frais_a_charge: Vec::new(),
        dispositif_programmes_nationaux: Vec::new(),
        formations_labels: Vec::new(),
        autres_formations_labels: Vec::new(),
        modalites_acces: Vec::new(),
        modalites_accompagnement: Vec::new(),
        fiche_acces_libre: None,
        prise_rdv: opt(rec.get("prise_rdv")),
        horaires_valid,
        sources: Vec::new(),
        warnings: Vec::new(),
    })
}

/// A v1.0.2 record: the shared fields plus the v1 vocabularies.
pub(crate) fn place(rec: &RawRecord, ctx: &mut RowCtx) -> Result<Place, RowError> {
    let mut p = base(rec, ctx)?;
    p.courriels = list(rec.get("courriels"));
    p.itinerance = vocab_list(ctx, "itinerance", rec.get("itinerance"));
    p.services = vocab_list(ctx, "services", rec.get("services"));
    p.publics_specifiquement_adresses = vocab_list(
        ctx,
        "publics_specifiquement_adresses",
        rec.get("publics_specifiquement_adresses"),
    );
    p.prise_en_charge_specifique = vocab_list(
        ctx,
        "prise_en_charge_specifique",
        rec.get("prise_en_charge_specifique"),
    );
    p.frais_a_charge = vocab_list(ctx, "frais_a_charge", rec.get("frais_a_charge"));
    p.dispositif_programmes_nationaux = vocab_list(
        ctx,
        "dispositif_programmes_nationaux",
        rec.get("dispositif_programmes_nationaux"),
    );
    p.formations_labels = formations(ctx, rec.get("formations_labels"));
    p.autres_formations_labels = list(rec.get("autres_formations_labels"));
    p.modalites_acces = vocab_list(ctx, "modalites_acces", rec.get("modalites_acces"));
    p.modalites_accompagnement = vocab_list(
        ctx,
        "modalites_accompagnement",
        rec.get("modalites_accompagnement"),
    );
    p.fiche_acces_libre = opt(rec.get("fiche_acces_libre"));
    let known = super::FIELDS;
    for k in rec.fields.keys() {
        if !known.contains(&k.as_str()) {
            ctx.report.count_note(format!(
                "field `{k}` is not in the standard v1.0.2, ignored"
            ));
        }
    }
    Ok(p)
}
