//! Folding a second source's record into a place: the first source's values stand,
//! lists gain the other's values, empty fields are filled.

use crate::model::Place;

fn union<T: PartialEq + Clone>(into: &mut Vec<T>, from: &[T]) {
    for v in from {
        if !into.contains(v) {
            into.push(v.clone());
        }
    }
}

fn fill<T: Clone>(into: &mut Option<T>, from: &Option<T>) {
    if into.is_none() {
        into.clone_from(from);
    }
}

fn fill_list<T: Clone>(into: &mut Vec<T>, from: &[T]) {
    if into.is_empty() {
        into.extend_from_slice(from);
    }
}

/// Adds `other`'s information to `place` (sources, labels, services, missing fields).
pub fn merge_into(place: &mut Place, other: &Place) {
    union(&mut place.sources, &other.sources);
    union(&mut place.typologie, &other.typologie);
    union(&mut place.services, &other.services);
    union(
        &mut place.dispositif_programmes_nationaux,
        &other.dispositif_programmes_nationaux,
    );
    union(&mut place.formations_labels, &other.formations_labels);
    union(
        &mut place.publics_specifiquement_adresses,
        &other.publics_specifiquement_adresses,
    );
    union(
        &mut place.prise_en_charge_specifique,
        &other.prise_en_charge_specifique,
    );
    union(&mut place.modalites_acces, &other.modalites_acces);
    union(
        &mut place.modalites_accompagnement,
        &other.modalites_accompagnement,
    );
    fill_list(&mut place.frais_a_charge, &other.frais_a_charge);
    fill_list(&mut place.courriels, &other.courriels);
    fill_list(&mut place.site_web, &other.site_web);
    fill_list(&mut place.itinerance, &other.itinerance);
    fill(&mut place.code_insee, &other.code_insee);
    fill(&mut place.complement_adresse, &other.complement_adresse);
    fill(&mut place.telephone, &other.telephone);
    if place.horaires.is_none()
        || place.horaires_valid == Some(false) && other.horaires_valid == Some(true)
    {
        place.horaires.clone_from(&other.horaires);
        place.horaires_valid = other.horaires_valid;
    }
    fill(&mut place.presentation_resume, &other.presentation_resume);
    fill(&mut place.presentation_detail, &other.presentation_detail);
    fill(&mut place.structure_parente, &other.structure_parente);
    fill(&mut place.fiche_acces_libre, &other.fiche_acces_libre);
    fill(&mut place.prise_rdv, &other.prise_rdv);
    place.date_maj = place.date_maj.max(other.date_maj);
    union(&mut place.warnings, &other.warnings);
}
