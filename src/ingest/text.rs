//! Text coming from files: control characters refused, long values clipped in messages.

/// The longest value an error message repeats, in characters; longer ones end with `…`.
pub const MAX_ECHOED_CHARS: usize = 80;

/// `value` cut to [`MAX_ECHOED_CHARS`] characters followed by `…` when longer, so that a
/// rejected 50 MB line is not echoed whole.
pub fn clip(value: &str) -> String {
    match value.char_indices().nth(MAX_ECHOED_CHARS) {
        None => value.to_string(),
        Some((end, _)) => format!("{}…", &value[..end]),
    }
}

/// Refuses control characters (NUL, escape, DEL, C1 controls…) in a text field; tab, line
/// feed and carriage return are text.
pub fn check_text(value: &str) -> Result<(), &'static str> {
    match value
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        None => Ok(()),
        Some(_) => Err("text without control characters (NUL, ESC, DEL…)"),
    }
}

/// Repairs text where Windows-1252 bytes were once decoded as Latin-1, a fault of real French
/// open data (`Cricqueb\u{9c}uf` for `Cricquebœuf`, `Claude-d\u{92}Urfé`): the C1 control
/// characters U+0080–U+009F that Windows-1252 defines become its characters. Returns the
/// text and how many characters were repaired; the five undefined ones stay (and are refused
/// by [`check_text`]).
pub fn repair_c1(text: String) -> (String, usize) {
    let is_defined_c1 = |c: char| {
        ('\u{80}'..='\u{9f}').contains(&c)
            && !matches!(c, '\u{81}' | '\u{8d}' | '\u{8f}' | '\u{90}' | '\u{9d}')
    };
    let count = text.chars().filter(|&c| is_defined_c1(c)).count();
    if count == 0 {
        return (text, 0);
    }
    let repaired = text
        .chars()
        .map(|c| {
            if is_defined_c1(c) {
                super::read::windows_1252_char(c as u8)
            } else {
                c
            }
        })
        .collect();
    (repaired, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_clipped_on_a_character_boundary() {
        assert_eq!(clip("court"), "court");
        let long = "é".repeat(200);
        let c = clip(&long);
        assert_eq!(c.chars().count(), MAX_ECHOED_CHARS + 1);
        assert!(c.ends_with('…'));
        assert_eq!(clip(&"a".repeat(80)), "a".repeat(80));
    }

    #[test]
    fn control_characters_are_refused_but_not_line_breaks() {
        assert!(check_text("a\u{0}b").is_err());
        assert!(check_text("a\u{1b}[31m").is_err());
        assert!(check_text("a\u{7f}").is_err());
        assert!(check_text("ligne 1\r\nligne 2\tfin").is_ok());
    }

    #[test]
    fn windows_1252_read_as_latin_1_is_repaired() {
        let (t, n) = repair_c1("Cricqueb\u{9c}uf, Claude-d\u{92}Urfé \u{81}".to_string());
        assert_eq!((t.as_str(), n), ("Cricquebœuf, Claude-d’Urfé \u{81}", 2));
        assert!(
            check_text(&t).is_err(),
            "the undefined U+0081 stays refused"
        );
    }
}
