//! Sources other than the standard's own files.

pub mod france_services;
