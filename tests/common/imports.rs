//! Imports that several integration tests begin with, run through the built binary on files
//! of `../shared/data`.

use super::{shared, Maillage};

impl Maillage {
    /// `maillage import KIND FILES…`, each file named relative to `../shared/data`; returns
    /// what the import printed.
    pub fn import_shared(&self, kind: &str, files: &[&str]) -> String {
        let paths: Vec<String> = files
            .iter()
            .map(|f| shared(f).to_string_lossy().into_owned())
            .collect();
        let mut args = vec!["import", kind];
        args.extend(paths.iter().map(String::as_str));
        self.run(&args)
    }

    /// Every commune of France: populations, then simplified outlines, then town halls.
    pub fn import_france_communes(&self) {
        self.import_france_outlines();
        self.import_shared("mairies", &["addresses/mairies-france.csv"]);
    }

    /// Every commune of France with its population and simplified outline, without town
    /// halls.
    pub fn import_france_outlines(&self) {
        self.import_shared(
            "population",
            &["population/communes-cog2026-population.csv"],
        );
        self.import_shared(
            "communes",
            &["communes/communes-france-simplifiees.geojson.gz"],
        );
    }
}
