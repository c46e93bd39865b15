//! Postal addresses for the residents' search: BAN or BANO CSV files read and checked
//! ([`read`]), stored, and matched with forgiveness for typos, abbreviations and missing
//! accents ([`index`]).

mod error;
mod import;
mod index;
mod read;
mod words;

pub use error::AddressError;
pub use import::import_addresses;
pub use index::{AddressHit, AddressIndex};
pub use read::{read_addresses, AddressFormat};
pub use words::address_words;

use serde::{Deserialize, Serialize};

/// One address point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Address {
    /// The source's id (BAN `cle_interop`/`id`, BANO `id`).
    pub id: String,
    /// House number with its suffix as published ("12", "12 bis", "3B").
    pub numero: String,
    pub voie: String,
    pub code_postal: String,
    pub commune: String,
    pub code_insee: Option<String>,
    pub lon: f64,
    pub lat: f64,
}

impl Address {
    /// "12 Rue des Tilleuls, 19100 Brive-la-Gaillarde".
    pub fn label(&self) -> String {
        format!(
            "{} {}, {} {}",
            self.numero, self.voie, self.code_postal, self.commune
        )
    }
}
