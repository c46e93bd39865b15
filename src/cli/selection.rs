//! `--departement`, `--region`, `--epci`, `--commune`, `--all`: which communes a command is
//! about, checked by the library's [`SelectionInput`](maillage::coverage::request::SelectionInput).

use super::{give, Given};

/// Which communes (one of these; all when none is given).
#[derive(clap::Args)]
#[group(multiple = false)]
pub struct SelectionArgs {
    /// Département code (19, 2A, 971).
    #[arg(long)]
    departement: Option<String>,
    /// Région code (two digits, like 84).
    #[arg(long)]
    region: Option<String>,
    /// SIREN of the EPCI (nine digits).
    #[arg(long)]
    epci: Option<String>,
    /// INSEE code of one commune.
    #[arg(long)]
    commune: Option<String>,
    /// Every commune of the registry (the default).
    #[arg(long)]
    all: bool,
}

impl SelectionArgs {
    /// Records the names given.
    pub fn give(&self, given: &mut Given) {
        give(given, "departement", self.departement.as_deref());
        give(given, "region", self.region.as_deref());
        give(given, "epci", self.epci.as_deref());
        give(given, "commune", self.commune.as_deref());
        give(given, "all", self.all.then_some("true"));
    }
}
