//! A lieu de médiation numérique: the 32 fields of the national standard v1.0.2, typed,
//! plus where it came from, the commune it lies in, and what was wrong with it.

use super::InseeCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Declares a closed vocabulary of the standard: each variant with its exact label.
/// Values that match no label are kept verbatim in `Other` and reported by the importer.
macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $label:expr),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant,)+
            /// A value that is not in the standard's list, kept as given.
            Other(String),
        }

        impl $name {
            /// Every label of the standard's list, in the standard's order.
            pub const LABELS: &'static [&'static str] = &[$($label),+];

            /// The exact label (as written in the standard).
            pub fn label(&self) -> &str {
                match self {
                    $(Self::$variant => $label,)+
                    Self::Other(s) => s,
                }
            }

            /// Matches a label exactly, after trimming; anything else becomes `Other`.
            pub fn from_label(s: &str) -> Self {
                let t = s.trim();
                $(if t == $label { return Self::$variant; })+
                Self::Other(t.to_string())
            }

            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.label())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok(Self::from_label(&s))
            }
        }
    };
}

vocabulary!(
    /// `services`: what help the place offers.
    Service {
        DemarchesAdministratives => "Aide aux démarches administratives",
        OutilsQuotidien => "Maîtrise des outils numériques du quotidien",
        InsertionPro => "Insertion professionnelle via le numérique",
        UtilisationSecurisee => "Utilisation sécurisée du numérique",
        Parentalite => "Parentalité et éducation avec le numérique",
        Loisirs => "Loisirs et créations numériques",
        ComprehensionMonde => "Compréhension du monde numérique",
        AccesInternetMateriel => "Accès internet et matériel informatique",
        MaterielSolidaire => "Acquisition de matériel informatique à prix solidaire",
    }
);

vocabulary!(
    /// `publics_specifiquement_adresses`.
    Public {
        Jeunes => "Jeunes",
        Etudiants => "Étudiants",
        Familles => "Familles et/ou enfants",
        Seniors => "Seniors",
        Femmes => "Femmes",
    }
);

vocabulary!(
    /// `prise_en_charge_specifique`.
    PriseEnCharge {
        Surdite => "Surdité",
        HandicapsMoteurs => "Handicaps moteurs",
        HandicapsMentaux => "Handicaps mentaux",
        Illettrisme => "Illettrisme",
        LanguesAnglais => "Langues étrangères (anglais)",
        LanguesAutres => "Langues étrangères (autres)",
        DeficienceVisuelle => "Déficience visuelle",
    }
);

vocabulary!(
    /// `frais_a_charge`.
    Frais {
        Gratuit => "Gratuit",
        GratuitSousCondition => "Gratuit sous condition",
        Payant => "Payant",
    }
);

vocabulary!(
    /// `dispositif_programmes_nationaux`.
    Dispositif {
        AidantsConnect => "Aidants Connect",
        BibliothequesNumeriqueReference => "Bibliothèques numérique de référence",
        CertificationPix => "Certification PIX",
        ConseillersNumeriques => "Conseillers numériques",
        EmmausConnect => "Emmaüs Connect",
        FranceServices => "France Services",
        GrandeEcoleNumerique => "Grande école du numérique",
        CroixRouge => "La Croix Rouge",
        PointAccesCaf => "Point d'accès numérique CAF",
        PromeneursDuNet => "Promeneurs du net",
        RelaisNumerique => "Relais numérique (Emmaüs Connect)",
    }
);

vocabulary!(
    /// `modalites_acces`.
    ModaliteAcces {
        SePresenter => "Se présenter",
        Telephoner => "Téléphoner",
        ContacterMail => "Contacter par mail",
        RdvEnLigne => "Prendre un RDV en ligne",
        PasDePublic => "Ce lieu n'accueille pas de public",
        FichePrescription => "Envoyer un mail avec une fiche de prescription",
    }
);

vocabulary!(
    /// `modalites_accompagnement`.
    ModaliteAccompagnement {
        Autonomie => "En autonomie",
        Individuel => "Accompagnement individuel",
        Atelier => "Dans un atelier collectif",
        ADistance => "À distance",
    }
);

vocabulary!(
    /// `itinerance`: a fixed place or a mobile unit.
    Itinerance {
        Fixe => "Fixe",
        Itinerant => "Itinérant",
    }
);

/// A record of the source it came from: which dataset, and its id there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// The dataset (file stem or declared producer), e.g. `france-services-20240801`.
    pub dataset: String,
    /// The record's id in that dataset.
    pub record_id: String,
}

/// One place, typed after the standard v1.0.2.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub id: String,
    pub pivot: String,
    pub nom: String,
    pub commune: String,
    pub code_postal: String,
    pub code_insee: Option<InseeCode>,
    pub adresse: String,
    pub complement_adresse: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Typology codes (EPN, RFS, TIERS_LIEUX, BIB…).
    pub typologie: Vec<String>,
    pub telephone: Option<String>,
    pub courriels: Vec<String>,
    pub site_web: Vec<String>,
    /// OSM `opening_hours` text as published; see `horaires_valid`.
    pub horaires: Option<String>,
    pub presentation_resume: Option<String>,
    pub presentation_detail: Option<String>,
    pub source: Option<String>,
    pub itinerance: Vec<Itinerance>,
    pub structure_parente: Option<String>,
    pub date_maj: Option<NaiveDate>,
    pub services: Vec<Service>,
    pub publics_specifiquement_adresses: Vec<Public>,
    pub prise_en_charge_specifique: Vec<PriseEnCharge>,
    pub frais_a_charge: Vec<Frais>,
    pub dispositif_programmes_nationaux: Vec<Dispositif>,
    /// Training labels (free labels of the standard's list of 10, kept as text).
    pub formations_labels: Vec<String>,
    pub autres_formations_labels: Vec<String>,
    pub modalites_acces: Vec<ModaliteAcces>,
    pub modalites_accompagnement: Vec<ModaliteAccompagnement>,
    pub fiche_acces_libre: Option<String>,
    pub prise_rdv: Option<String>,

    /// Whether `horaires` parses as OSM opening hours (`None` when there are none).
    #[serde(default)]
    pub horaires_valid: Option<bool>,
    /// Every source record merged into this place.
    #[serde(default)]
    pub sources: Vec<SourceRef>,
    /// What the importer noticed: unmapped values, bad hours, commune contradictions…
    #[serde(default)]
    pub warnings: Vec<String>,
}

impl Place {
    /// A mobile unit (bus, itinerant permanence). Independent of the other kinds: a France
    /// Services bus is mobile and a France Services, and a place declared both `Fixe` and
    /// `Itinérant` is mobile and fixed.
    pub fn is_mobile(&self) -> bool {
        self.itinerance.contains(&Itinerance::Itinerant)
    }

    /// A fixed place: declared `Fixe`, or silent about it (mobile units declare themselves).
    pub fn is_fixed(&self) -> bool {
        self.itinerance.is_empty() || self.itinerance.contains(&Itinerance::Fixe)
    }

    pub fn is_france_services(&self) -> bool {
        self.dispositif_programmes_nationaux
            .contains(&Dispositif::FranceServices)
            || self.typologie.iter().any(|t| t == "RFS")
    }

    pub fn is_free(&self) -> bool {
        self.frais_a_charge.contains(&Frais::Gratuit)
    }

    /// WGS84 position as (longitude, latitude), when both are known.
    pub fn lon_lat(&self) -> Option<(f64, f64)> {
        Some((self.longitude?, self.latitude?))
    }
}
