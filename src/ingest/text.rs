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

/// Refuses control characters (NUL, escape, DEL…) in a text field; tab, line feed and
/// carriage return are text. The error says which character and where.
pub fn check_text(value: &str) -> Result<(), &'static str> {
    match value
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        None => Ok(()),
        Some(_) => Err("text without control characters (NUL, ESC, DEL…)"),
    }
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
}
