//! Sources other than places: commune polygons, populations, EPCI, town halls and the indice
//! de fragilité numérique, with the file helpers they share (gzip, CSV tables, input errors).
//! Place formats, the France Services list included, are read by `crate::standard`, which may
//! use these helpers; this module never uses `standard`.

mod communes;
mod csv_table;
mod epci;
mod error;
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
