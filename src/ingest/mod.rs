//! Sources other than the places standard: commune polygons, populations, EPCI, town halls,
//! the France Services list and the indice de fragilité numérique.

mod communes;
mod csv_table;
mod epci;
mod error;
pub mod france_services;
mod ifn;
mod mairies;
mod population;
mod read;

pub use communes::{read_commune_shapes, CommuneShape};
pub use csv_table::{CsvTable, Row as CsvRow};
pub use epci::{read_epci, Epci};
pub use error::InputError;
pub use ifn::{read_ifn, IfnScore};
pub use mairies::{read_mairies, Mairie};
pub use population::{read_population, CommunePopulation};
pub use read::{gunzip_if_needed, read_text};
