//! Reads a text file, transparently gunzipping `.gz` content, and decodes text that is
//! UTF-8 or, as much French open data still is, Windows-1252 (a superset of Latin-1).

use super::InputError;
use std::io::Read;
use std::path::Path;

/// The file's text, gunzipped when it starts with the gzip magic bytes, decoded as UTF-8 or,
/// when it is not valid UTF-8, as Windows-1252 (with a warning).
pub fn read_text(path: &Path) -> Result<String, InputError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| InputError::file(&name, e.to_string(), "a readable file"))?;
    let bytes = gunzip_if_needed(bytes)
        .map_err(|e| InputError::file(&name, e.to_string(), "a complete gzip file"))?;
    let (text, encoding) = decode_text(bytes, None)
        .map_err(|e| InputError::file(&name, e, "UTF-8 or Windows-1252 text"))?;
    if encoding == Encoding::Windows1252 {
        tracing::warn!("{name}: not UTF-8, read as Windows-1252 (Latin-1)");
    }
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    let (text, repaired) = super::repair_c1(text);
    if repaired > 0 {
        tracing::warn!(
            "{name}: {repaired} Windows-1252 characters once read as Latin-1 (C1 controls such as U+0092) repaired"
        );
    }
    Ok(text)
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

/// A character encoding of input text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// Windows-1252: Latin-1 plus `€ ‚ „ … ‘ ’ “ ” – — œ Œ Ÿ` and others in 0x80–0x9F.
    Windows1252,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

impl std::str::FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "windows-1252" | "cp1252" | "latin-1" | "latin1" | "iso-8859-1" => {
                Ok(Encoding::Windows1252)
            }
            other => Err(format!(
                "unknown encoding {other:?}, expected utf-8 or windows-1252"
            )),
        }
    }
}

/// Decodes bytes: as `forced` when given, else as UTF-8 when they are valid UTF-8 and as
/// Windows-1252 otherwise. Returns the text and the encoding used; forced UTF-8 on invalid
/// bytes is an error giving the offset of the first one.
pub fn decode_text(bytes: Vec<u8>, forced: Option<Encoding>) -> Result<(String, Encoding), String> {
    match forced {
        Some(Encoding::Windows1252) => Ok((windows_1252(&bytes), Encoding::Windows1252)),
        Some(Encoding::Utf8) => String::from_utf8(bytes)
            .map(|t| (t, Encoding::Utf8))
            .map_err(|e| {
                format!(
                    "not UTF-8 text (invalid byte at offset {}); try --encoding windows-1252",
                    e.utf8_error().valid_up_to()
                )
            }),
        None => match String::from_utf8(bytes) {
            Ok(t) => Ok((t, Encoding::Utf8)),
            Err(e) => Ok((windows_1252(e.as_bytes()), Encoding::Windows1252)),
        },
    }
}

/// The characters of Windows-1252's bytes 0x80 to 0x9F; the five bytes it leaves undefined
/// keep their Latin-1 (control character) meaning, which the text checks then refuse.
const HIGH_CONTROLS: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

fn windows_1252(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| windows_1252_char(b)).collect()
}

/// The character of one Windows-1252 byte.
pub(crate) fn windows_1252_char(b: u8) -> char {
    match b {
        0x80..=0x9f => HIGH_CONTROLS[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_is_detected_when_not_utf8() {
        let bytes = b"Vall\xe9e d\x92Aoste \x80 \x9c".to_vec();
        let (text, enc) = decode_text(bytes.clone(), None).unwrap();
        assert_eq!(
            (text.as_str(), enc),
            ("Vallée d’Aoste € œ", Encoding::Windows1252)
        );
        assert!(decode_text(bytes, Some(Encoding::Utf8)).is_err());
        let (text, enc) = decode_text("Vallée".as_bytes().to_vec(), None).unwrap();
        assert_eq!((text.as_str(), enc), ("Vallée", Encoding::Utf8));
        let (text, _) = decode_text("é".as_bytes().to_vec(), Some(Encoding::Windows1252)).unwrap();
        assert_eq!(text, "Ã©");
    }
}
