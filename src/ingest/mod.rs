//! Sources other than places: commune polygons, populations, EPCI, town halls and the indice
//! de fragilité numérique, with the file helpers they share (gzip, CSV tables, input errors).
//! Place formats, the France Services list included, are read by `crate::standard`, which may
//! use these helpers; this module never uses `standard`.

mod communes;
mod csv_table;
mod epci;
mod error;
pub(crate) mod geometry;
mod ifn;
mod mairies;
mod population;
mod read;
mod text;

pub use communes::{parse_commune_shapes, read_commune_shapes, CommuneShape, CommuneShapes};
pub use csv_table::{CsvTable, Row as CsvRow};
pub use epci::{read_epci, Epci};
pub use error::InputError;
pub use geometry::{check_topology, check_written, ShapeCheck};
pub use ifn::{read_ifn, IfnScore};
pub use mairies::{read_mairies, Mairie};
pub use population::{parse_population, read_population, CommunePopulation};
pub use read::{decode_text, gunzip_if_needed, read_text, Encoding};
pub use text::{check_text, clip, repair_c1, MAX_ECHOED_CHARS};
