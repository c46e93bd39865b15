//! Reads a text file, transparently gunzipping `.gz` content.

use super::InputError;
use std::io::Read;
use std::path::Path;

/// The file's text (UTF-8), gunzipped when it starts with the gzip magic bytes.
pub fn read_text(path: &Path) -> Result<String, InputError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| InputError::file(&name, e.to_string(), "a readable file"))?;
    let bytes = gunzip_if_needed(bytes)
        .map_err(|e| InputError::file(&name, e.to_string(), "a complete gzip file"))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| InputError::file(&name, e.to_string(), "UTF-8 text"))?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

/// Gunzips content that starts with the gzip magic bytes (`1f 8b`); other bytes pass through.
pub fn gunzip_if_needed(bytes: Vec<u8>) -> std::io::Result<Vec<u8>> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out)?;
    Ok(out)
}
