//! read → write → read gives the same places, for generated places.

use chrono::NaiveDate;
use maillage::model::*;
use maillage::standard::{parse_text, write_csv};
use proptest::prelude::*;

/// Text without separators or surrounding spaces (multi-value items must not hold `|`/`;`).
fn word() -> impl Strategy<Value = String> {
    "[A-Za-zéèàç0-9][A-Za-zéèàç0-9 ,.'\"\n-]{0,20}[A-Za-z0-9]".prop_map(|s| s)
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(word())
}

fn items() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(word(), 0..3).prop_map(|mut v| {
        v.dedup();
        v
    })
}

/// Values of a closed list: the standard v1.0.2 accepts no other (the schema's patterns).
fn vocab<T: Clone + std::fmt::Debug + PartialEq + 'static>(
    known: Vec<T>,
) -> impl Strategy<Value = Vec<T>> {
    let one = proptest::sample::select(known);
    proptest::collection::vec(one, 0..4).prop_map(|v| {
        let mut out = Vec::new();
        for x in v {
            if !out.contains(&x) {
                out.push(x);
            }
        }
        out
    })
}

/// `formations_labels` as the schema spells them.
const FORMATIONS: [&str; 10] = [
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

fn all<T>(labels: &[&str], from: fn(&str) -> T) -> Vec<T> {
    labels.iter().map(|l| from(l)).collect()
}

prop_compose! {
    fn place()(
        id in "[a-z0-9-]{1,12}",
        nom in word(),
        commune in word(),
        code_postal in "[0-9]{5}",
        code_insee in proptest::option::of("(19|2A|75|97)[0-9]{3}"),
        adresse in word(),
        complement_adresse in opt_text(),
        pos in proptest::option::of((-90.0f64..90.0, -180.0f64..180.0)),
        typologie in proptest::collection::vec("[A-Z_]{2,10}", 0..3),
        telephone in proptest::option::of("\\+33[1-9][0-9]{8}"),
        courriels in items(),
        site_web in items(),
        presentation in (opt_text(), opt_text(), opt_text(), opt_text()),
        date in (2000i32..2030, 1u32..13, 1u32..29),
        services in vocab(all(Service::LABELS, Service::from_label)),
        publics in vocab(all(Public::LABELS, Public::from_label)),
        prises in vocab(all(PriseEnCharge::LABELS, PriseEnCharge::from_label)),
        frais in vocab(all(Frais::LABELS, Frais::from_label)),
        dispositifs in vocab(all(Dispositif::LABELS, Dispositif::from_label)),
        acces in vocab(all(ModaliteAcces::LABELS, ModaliteAcces::from_label)),
        accomp in vocab(all(ModaliteAccompagnement::LABELS, ModaliteAccompagnement::from_label)),
        itinerance in vocab(all(Itinerance::LABELS, Itinerance::from_label)),
        labels in (vocab(FORMATIONS.iter().map(|l| l.to_string()).collect()), items()),
        urls in (opt_text(), opt_text()),
        horaires in proptest::option::of(prop_oneof![
            Just("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00".to_string()),
            Just("lundi matin".to_string()),
        ]),
    ) -> Place {
        Place {
            id, pivot: "43493312300029".into(), nom, commune, code_postal,
            code_insee: code_insee.and_then(|c| InseeCode::parse(&c).ok()),
            adresse, complement_adresse,
            latitude: pos.map(|p| p.0), longitude: pos.map(|p| p.1),
            typologie, telephone, courriels, site_web, horaires,
            presentation_resume: presentation.0, presentation_detail: presentation.1,
            source: presentation.2, itinerance, structure_parente: presentation.3,
            date_maj: NaiveDate::from_ymd_opt(date.0, date.1, date.2),
            services, publics_specifiquement_adresses: publics,
            prise_en_charge_specifique: prises, frais_a_charge: frais,
            dispositif_programmes_nationaux: dispositifs,
            formations_labels: labels.0, autres_formations_labels: labels.1,
            modalites_acces: acces, modalites_accompagnement: accomp,
            fiche_acces_libre: urls.0, prise_rdv: urls.1,
            horaires_valid: None, sources: vec![], warnings: vec![],
        }
    }
}

/// The 32 standard fields only: provenance, warnings and the hours flag are the reader's.
fn standard_part(p: &Place) -> Place {
    Place {
        horaires_valid: None,
        sources: vec![],
        warnings: vec![],
        ..p.clone()
    }
}

fn read_back(places: &[Place]) -> Vec<Place> {
    let mut out = Vec::new();
    write_csv(places, &mut out).expect("write");
    let text = String::from_utf8(out).expect("utf-8");
    let (_, rows, _) = parse_text(&text, "gen.csv", "gen", None).expect("readable");
    rows.into_iter()
        .map(|r| r.expect("accepted").place)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn write_then_read_gives_the_same_places(mut places in proptest::collection::vec(place(), 1..6)) {
        for (i, p) in places.iter_mut().enumerate() {
            p.id = format!("{}-{i}", p.id);
        }
        let once = read_back(&places);
        let expected: Vec<Place> = places.iter().map(standard_part).collect();
        let got: Vec<Place> = once.iter().map(standard_part).collect();
        prop_assert_eq!(&got, &expected);
        let twice = read_back(&once);
        prop_assert_eq!(twice, once);
    }
}
