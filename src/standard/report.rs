//! File-level counts of what the import could not map or chose to leave out.

use std::collections::BTreeMap;

/// Counts per distinct remark, turned into [`super::ParsedFile::notes`].
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// (field, value) → number of records carrying a value the standard does not know.
    unmapped: BTreeMap<(String, String), usize>,
    /// Other remarks → number of records.
    remarks: BTreeMap<String, usize>,
}

impl Report {
    pub fn count_unmapped(&mut self, field: &str, value: &str) {
        *self
            .unmapped
            .entry((field.to_string(), value.to_string()))
            .or_default() += 1;
    }

    pub fn count_note(&mut self, remark: impl Into<String>) {
        *self.remarks.entry(remark.into()).or_default() += 1;
    }

    pub fn notes(&self) -> Vec<String> {
        let unmapped = self.unmapped.iter().map(|((field, value), n)| {
            format!("field `{field}`: value {value:?} has no equivalent in the standard v1.0.2, kept as is ({n} records)")
        });
        let remarks = self
            .remarks
            .iter()
            .map(|(remark, n)| format!("{remark} ({n} records)"));
        unmapped.chain(remarks).collect()
    }
}
