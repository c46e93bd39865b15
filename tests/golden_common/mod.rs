//! Golden files: a computed text is compared with `tests/golden/<folder>/<name>`, byte for
//! byte; `UPDATE_GOLDEN=1` rewrites the files instead (review the diff by eye before
//! committing). Shared by every test that keeps golden files (routing, coverage, planning).
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};

/// Where the golden files of a folder live.
pub fn golden_dir(folder: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(folder)
}

/// Compares `text` with `tests/golden/<folder>/<name>`, or rewrites the file when
/// `UPDATE_GOLDEN=1`. On a difference, names the first differing line and leaves the computed
/// text next to the build's temporary files for a `diff`.
pub fn check_golden(folder: &str, name: &str, text: &str) {
    let path = golden_dir(folder).join(name);
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().expect("golden folder"))
            .expect("create golden folder");
        std::fs::write(&path, text).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    });
    if expected == text {
        return;
    }
    let computed = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("golden-computed")
        .join(folder)
        .join(name);
    std::fs::create_dir_all(computed.parent().expect("folder")).expect("create folder");
    std::fs::write(&computed, text).expect("write computed text");
    let (line, want, got) = first_difference(&expected, text);
    panic!(
        "{} differs from the computed output at line {line}\n  golden:   {want}\n  computed: {got}\n\
         full computed text: {}\nreview the change (diff the two files) and rerun with UPDATE_GOLDEN=1 if it is intended",
        path.display(),
        computed.display()
    );
}

/// 1-based number of the first line that differs, and both versions of it (cut to 300 chars).
fn first_difference<'a>(a: &'a str, b: &'a str) -> (usize, &'a str, &'a str) {
    let (mut la, mut lb) = (a.lines(), b.lines());
    let mut n = 1;
    loop {
        match (la.next(), lb.next()) {
            (Some(x), Some(y)) if x == y => n += 1,
            (x, y) => {
                let cut = |s: Option<&'a str>| s.map_or("(end of text)", |s| &s[..floor(s, 300)]);
                return (n, cut(x), cut(y));
            }
        }
    }
}

fn floor(s: &str, max: usize) -> usize {
    let mut i = s.len().min(max);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// JSON for a golden file: indented like `serde_json::to_string_pretty`, except that arrays of
/// scalars (coordinate pairs, lists of minutes) and arrays of such arrays (rings) stay on one
/// line, so a GeoJSON commune is a few lines and a diff points at the property that changed.
/// Numbers are written by `serde_json` exactly as the program wrote them (shortest round-trip
/// form of the same `f64`), and keys keep their order (`preserve_order`).
pub fn golden_json(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, 0, &mut out);
    out.push('\n');
    out
}

fn is_flat(v: &Value) -> bool {
    match v {
        Value::Array(a) => a.iter().all(|x| !x.is_object() && is_flat(x)),
        Value::Object(_) => false,
        _ => true,
    }
}

fn write_value(v: &Value, depth: usize, out: &mut String) {
    let pad = |d: usize| "  ".repeat(d);
    match v {
        Value::Object(map) if !map.is_empty() => {
            out.push_str("{\n");
            for (i, (k, x)) in map.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                out.push_str(&serde_json::to_string(k).expect("key"));
                out.push_str(": ");
                write_value(x, depth + 1, out);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() && !is_flat(v) => {
            out.push_str("[\n");
            for (i, x) in items.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                write_value(x, depth + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push(']');
        }
        other => out.push_str(&serde_json::to_string(other).expect("scalar")),
    }
}
