//! Reading the real place files of `shared/data`, the standard's example, and a hand-made
//! bad file.

use chrono::NaiveDate;
use chrono::Weekday;
use maillage::model::*;
use maillage::standard::france_services::bus_stops_from_comment;
use maillage::standard::{parse_text, read_places, write_csv, ParsedFile, SourceFormat};
use std::collections::HashSet;
use std::path::PathBuf;

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/")).join(rel)
}

fn read(rel: &str) -> ParsedFile {
    read_places(&shared(rel), None).unwrap_or_else(|e| panic!("{e}"))
}

fn place<'a>(file: &'a ParsedFile, id: &str) -> &'a Place {
    file.places()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no place {id} in {}", file.dataset))
}

/// Accepted and rejected counts, with every rejection shown when they differ.
fn assert_counts(file: &ParsedFile, accepted: usize, rejected: usize) {
    let errors: Vec<String> = file.errors().map(|e| e.to_string()).collect();
    assert_eq!(
        (file.places().count(), errors.len()),
        (accepted, rejected),
        "{}: {errors:#?}",
        file.dataset
    );
    let ids: HashSet<&str> = file.places().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), accepted, "accepted ids are unique");
    for p in file.places() {
        assert_eq!(p.sources.len(), 1);
        assert_eq!(p.sources[0].dataset, file.dataset);
    }
}

#[test]
fn conseillers_numeriques_legacy_file() {
    let f = read("places/cnfs-lieux-2022.json");
    assert_eq!(f.format, SourceFormat::LegacyJson);
    assert_counts(&f, 4930, 0);
    // 22 records have no coordinates: accepted, with a warning.
    let unplaced = f.places().filter(|p| p.lon_lat().is_none()).count();
    assert_eq!(unplaced, 22);
    // The whole file is one line: every record starts on line 1.
    assert!(f.rows.iter().flatten().all(|r| r.line == 1));

    let p = place(&f, "62592a1d05457b0790816e6c");
    assert_eq!(p.nom, "Association l'espoir (Groupe SOS)");
    assert_eq!(p.courriels, vec!["accueil@chrs-laselonne.fr"]);
    // `conditions_access` (sic) → frais_a_charge; `CNFS` → Conseillers numériques.
    assert_eq!(p.frais_a_charge, vec![Frais::Gratuit]);
    assert_eq!(
        p.dispositif_programmes_nationaux,
        vec![Dispositif::ConseillersNumeriques]
    );
    assert_eq!(
        p.services,
        vec![Service::OutilsQuotidien, Service::ComprehensionMonde]
    );
    assert_eq!(p.date_maj, NaiveDate::from_ymd_opt(2022, 5, 9));
    assert!(f.notes.iter().any(|n| n.contains("conditions_access")));
    assert!(f.notes.iter().any(|n| n.contains("structureId")));

    // Invalid opening hours are kept as text and flagged (57 records).
    let bad_hours: Vec<&Place> = f
        .places()
        .filter(|p| p.horaires_valid == Some(false))
        .collect();
    assert_eq!(bad_hours.len(), 57);
    assert!(bad_hours
        .iter()
        .all(|p| p.horaires.is_some() && p.warnings.iter().any(|w| w.contains("horaires"))));
}

#[test]
fn data_inclusion_legacy_file() {
    let f = read("places/data-inclusion-lieux-mediation-2023.json");
    assert_eq!(f.format, SourceFormat::LegacyJson);
    // 240 ids are reused by different producers of this aggregate: they are different
    // places, kept under `source-id`; none is a true duplicate.
    assert_counts(&f, 3811, 0);
    let renamed = f
        .places()
        .filter(|p| p.id != p.sources[0].record_id)
        .count();
    assert_eq!(renamed, 456);
    let a = place(&f, "Hinaura-1003");
    let b = place(&f, "siao-1003");
    assert_ne!(a.nom, b.nom);

    let p = place(&f, "010c714a-71ce-44aa-a8bf-45d63ae4d1e8");
    assert_eq!(
        f.rows
            .iter()
            .flatten()
            .find(|r| r.place.id == p.id)
            .map(|r| r.line),
        Some(2)
    );
    assert_eq!(p.typologie, vec!["AI"]);
    assert_eq!(p.telephone.as_deref(), Some("+33467714850"));
    assert_eq!(p.code_insee.as_ref().map(|c| c.as_str()), Some("34145"));
    // Four old sentences → three v1 values ("A ma place" is one-to-one help too).
    assert_eq!(
        p.modalites_accompagnement,
        vec![
            ModaliteAccompagnement::Individuel,
            ModaliteAccompagnement::Atelier,
            ModaliteAccompagnement::Autonomie
        ]
    );
    // Eight old service names fold into five current ones.
    assert_eq!(
        p.services,
        vec![
            Service::DemarchesAdministratives,
            Service::InsertionPro,
            Service::OutilsQuotidien,
            Service::ComprehensionMonde,
            Service::AccesInternetMateriel,
        ]
    );
    // Every value of the file maps: no `Other` anywhere.
    for p in f.places() {
        assert!(p.services.iter().all(Service::is_known), "{:?}", p.services);
        assert!(p
            .publics_specifiquement_adresses
            .iter()
            .all(Public::is_known));
        assert!(p.frais_a_charge.iter().all(Frais::is_known));
    }
    assert!(
        !f.notes.iter().any(|n| n.contains("no equivalent")),
        "{:#?}",
        f.notes
    );
}

#[test]
fn hinaura_legacy_file() {
    let f = read("places/hinaura-aura-lieux.json");
    assert_counts(&f, 687, 0);
    let p = place(&f, "0");
    assert_eq!(f.rows[0].as_ref().map(|r| r.line).ok(), Some(2));
    assert_eq!(
        p.services,
        vec![
            Service::AccesInternetMateriel,
            Service::DemarchesAdministratives
        ]
    );
    // "Adultes;Familles/enfants;Jeunes (16-26 ans);Seniors (+ 65 ans);Surdité;Handicaps
    // mentaux : …;Personnes en situation d'illettrisme;Déficience visuelle"
    assert_eq!(
        p.publics_specifiquement_adresses,
        vec![Public::Familles, Public::Jeunes, Public::Seniors]
    );
    assert_eq!(
        p.prise_en_charge_specifique,
        vec![
            PriseEnCharge::Surdite,
            PriseEnCharge::HandicapsMentaux,
            PriseEnCharge::Illettrisme,
            PriseEnCharge::DeficienceVisuelle
        ]
    );
    assert_eq!(
        p.modalites_accompagnement,
        vec![ModaliteAccompagnement::Individuel]
    );
    assert_eq!(p.horaires_valid, Some(true));
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    // "Accepte le Pass numérique" and "Adhésion" are mapped too.
    let pass = f
        .places()
        .filter(|p| p.frais_a_charge.contains(&Frais::GratuitSousCondition))
        .count();
    assert!(pass >= 91, "{pass}");
}

#[test]
fn hub_du_sud_legacy_file() {
    let f = read("places/hub-du-sud-paca-2023.json");
    assert_counts(&f, 792, 0);
    let p = place(&f, "dora-3d647b3a-a5b6-41f8-8374-ba37c1ff1746");
    assert_eq!(p.commune, "Martigues");
    assert_eq!(p.latitude, None);
    assert!(p.warnings.iter().any(|w| w.contains("no coordinates")));
    let parents = f
        .places()
        .filter(|p| p.services.contains(&Service::Parentalite))
        .count();
    assert_eq!(
        parents, 15,
        "Soutenir la parentalité… → Parentalité et éducation"
    );
}

#[test]
fn france_services_list() {
    let f = read("places/france-services-20240801.csv");
    assert_eq!(f.format, SourceFormat::FranceServicesCsv);
    assert_counts(&f, 2845, 0);
    assert!(f
        .places()
        .all(|p| p.is_france_services() && p.horaires_valid != Some(false)));

    let p = place(&f, "fs-1");
    assert_eq!(f.rows[0].as_ref().map(|r| r.line).ok(), Some(2));
    assert_eq!(p.sources[0].record_id, "1");
    assert_eq!(
        p.horaires.as_deref(),
        Some("Mo 13:30-17:00; Tu-Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00,13:30-16:00")
    );
    assert_eq!(p.telephone.as_deref(), Some("+33450568749"));
    assert_eq!(p.typologie, vec!["RFS"]);
    assert_eq!(p.itinerance, vec![Itinerance::Fixe]);
    assert_eq!(p.code_insee.as_ref().map(|c| c.as_str()), Some("01033"));
    assert_eq!(p.date_maj, NaiveDate::from_ymd_opt(2024, 8, 1));

    // Buses and itinerant counters: 134 + 29.
    assert_eq!(f.places().filter(|p| p.is_mobile()).count(), 163);
    let bus = place(&f, "fs-47");
    assert!(bus.is_mobile());
    let comment = bus.presentation_detail.as_deref().unwrap_or_default();
    assert!(comment.contains("lundis à la mairie de Monthois"));
    assert_eq!(
        bus_stops_from_comment(comment),
        vec![
            (Weekday::Mon, "Monthois".to_string()),
            (Weekday::Tue, "Machault".to_string()),
            (Weekday::Wed, "Buzancy".to_string()),
            (Weekday::Thu, "Grandpré".to_string()),
            (Weekday::Fri, "Bairon".to_string()),
        ]
    );
    // A bus whose comment names no stop gives none.
    let vague = place(&f, "fs-8");
    assert!(bus_stops_from_comment(vague.presentation_detail.as_deref().unwrap_or("")).is_empty());
    // Escaped comments are decoded.
    let apt = place(&f, "fs-589");
    assert!(apt
        .presentation_detail
        .as_deref()
        .unwrap_or("")
        .starts_with("Le bus dessert la quasi-totalité"));
}

#[test]
fn bad_rows_name_line_and_field() {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/standard-bad.csv"
    ));
    let f = read_places(&path, None).unwrap();
    assert_eq!(f.format, SourceFormat::StandardCsv);
    let errors: Vec<(usize, &str)> = f.errors().map(|e| (e.line, e.field.as_str())).collect();
    assert_eq!(
        errors,
        vec![
            (3, "latitude"),
            (4, "nom"),
            (5, "code_insee"),
            (6, "date_maj"),
            (7, "id")
        ]
    );
    let first = f.errors().next().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(
        first,
        format!(
            "{}:3: field `latitude`: got \"145.2\", expected a decimal number of degrees between -90 and 90",
            path.display()
        )
    );
    let dup = f
        .errors()
        .last()
        .map(|e| e.expected.clone())
        .unwrap_or_default();
    assert!(dup.contains("line 2"), "{dup}");

    // Accepted with warnings: free-text hours, an unknown service, no coordinates.
    let p = place(&f, "ok-2");
    assert_eq!(p.horaires_valid, Some(false));
    assert_eq!(p.services, vec![Service::Other("Services secrets".into())]);
    assert_eq!(p.warnings.len(), 3, "{:#?}", p.warnings);
    assert!(f
        .notes
        .iter()
        .any(|n| n.contains("\"Services secrets\"") && n.contains("(1 records)")));
    // `;` separators accepted, national phone numbers normalised.
    let ok = place(&f, "ok-1");
    assert_eq!(ok.services.len(), 2);
    assert_eq!(ok.telephone.as_deref(), Some("+33555202157"));
}

#[test]
fn the_valid_example_round_trips_byte_for_byte() {
    let path = shared("standard/exemple-valide-v1.0.2.csv");
    let f = read_places(&path, None).unwrap();
    assert_eq!(f.format, SourceFormat::StandardCsv);
    assert_counts(&f, 1, 0);
    let p = place(&f, "structure-1");
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(p.formations_labels.len(), 2);
    let places: Vec<Place> = f.places().cloned().collect();
    let mut out = Vec::new();
    write_csv(&places, &mut out).unwrap();
    let written = String::from_utf8(out).unwrap();
    let original = std::fs::read_to_string(&path).unwrap();
    let data_rows = |s: &str| s.lines().skip(1).map(String::from).collect::<Vec<_>>();
    assert_eq!(data_rows(&written), data_rows(&original));
    // The written header is the example's, every name quoted.
    let header: Vec<String> = original
        .lines()
        .next()
        .unwrap_or("")
        .split(',')
        .map(|h| format!("\"{}\"", h.trim_matches('"')))
        .collect();
    assert_eq!(written.lines().next(), Some(header.join(",").as_str()));
}

#[test]
fn standard_json_form_reads_like_the_csv() {
    let csv = read("standard/exemple-valide-v1.0.2.csv");
    let p = place(&csv, "structure-1");
    // The same place as JSON: multi-values as arrays or `|` strings.
    let json = format!(
        "[\n  {{\"id\": \"structure-1\", \"pivot\": \"{}\", \"nom\": \"{}\", \"commune\": \"Reims\",\n   \"code_postal\": \"51100\", \"adresse\": \"x\", \"date_maj\": \"2024-04-02\", \"latitude\": 43.52609, \"longitude\": 5.41423,\n   \"services\": [\"Maîtrise des outils numériques du quotidien\", \"Loisirs et créations numériques\"],\n   \"frais_a_charge\": \"Gratuit sous condition|Payant\", \"itinerance\": [\"Itinérant\"]}}\n]",
        p.pivot, p.nom
    );
    let (format, rows, _) = parse_text(&json, "t.json", "t", None).unwrap();
    assert_eq!(format, SourceFormat::StandardJson);
    let q = &rows[0].as_ref().unwrap().place;
    assert_eq!(rows[0].as_ref().unwrap().line, 2);
    assert_eq!(q.services, vec![Service::OutilsQuotidien, Service::Loisirs]);
    assert_eq!(q.frais_a_charge, p.frais_a_charge);
    assert_eq!((q.latitude, q.longitude), (p.latitude, p.longitude));
    assert!(q.is_mobile());

    // A JSON file forced as CSV is a file error naming the file.
    let e = parse_text(&json, "t.json", "t", Some(SourceFormat::StandardCsv)).unwrap_err();
    assert!(e.to_string().starts_with("t.json: unknown format"), "{e}");
    // Forcing legacy reads the same JSON with the legacy mapping.
    let (format, _, _) = parse_text(&json, "t.json", "t", Some(SourceFormat::LegacyJson)).unwrap();
    assert_eq!(format, SourceFormat::LegacyJson);
}

#[test]
fn legacy_csv_with_semicolons() {
    let text = "id,nom,commune,code_postal,adresse,pivot,date_maj,services,courriel,conditions_acces,labels_nationaux,labels_autres,accessibilite\n\
        7,EPN,Tulle,19000,Rue,21190031800011,2022-06-02,\"Accéder à du matériel;Créer avec le numérique\",a@b.fr,\"Payant : L'accès au lieu et/ou à ses services est payant\",\"France Services;Fabriques de Territoire;APTIC\",SudLabs;Nièvre médiation numérique,https://acceslibre.beta.gouv.fr/x\n";
    let (format, rows, notes) = parse_text(text, "old.csv", "old", None).unwrap();
    assert_eq!(format, SourceFormat::LegacyCsv);
    let p = &rows[0].as_ref().unwrap().place;
    assert_eq!(
        p.services,
        vec![Service::AccesInternetMateriel, Service::Loisirs]
    );
    assert_eq!(p.frais_a_charge, vec![Frais::Payant]);
    assert_eq!(
        p.dispositif_programmes_nationaux,
        vec![Dispositif::FranceServices]
    );
    assert_eq!(p.formations_labels, vec!["Fabriques de Territoire"]);
    assert_eq!(
        p.autres_formations_labels,
        vec!["APTIC", "SudLabs", "Nièvre médiation numérique"]
    );
    assert_eq!(
        p.fiche_acces_libre.as_deref(),
        Some("https://acceslibre.beta.gouv.fr/x")
    );
    assert_eq!(p.courriels, vec!["a@b.fr"]);
    assert!(notes.is_empty(), "{notes:?}");
}
