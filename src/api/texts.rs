//! The interface's texts, one file per language (`web/i18n/fr.json`, `en.json`): the pages'
//! HTML is filled from them by the server (`{{recherche.titre}}`), the scripts load the same
//! files, and the printable directory reads them too. French is the default.

use super::web::{read_page_file, WebSource};
use serde_json::Value;

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    /// `en` gives English; anything else (or nothing) French, the default.
    pub fn from_query(value: Option<&str>) -> Lang {
        match value {
            Some(v) if v.trim().eq_ignore_ascii_case("en") => Lang::En,
            _ => Lang::Fr,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

/// Why the texts could not be had.
#[derive(Debug, thiserror::Error)]
pub enum TextsError {
    #[error("web/i18n/{0}.json is missing")]
    Missing(&'static str),
    #[error("web/i18n/{file}.json is not valid JSON: {reason}")]
    Invalid { file: &'static str, reason: String },
}

/// The texts of one language.
#[derive(Debug, Clone)]
pub struct Texts {
    lang: Lang,
    tree: Value,
}

impl Texts {
    /// The texts of `lang` from the pages' source (built in, or `--web DIR`).
    pub fn load(source: &WebSource, lang: Lang) -> Result<Texts, TextsError> {
        let file = lang.code();
        let bytes = read_page_file(source, &format!("i18n/{file}.json"))
            .ok_or(TextsError::Missing(file))?;
        let tree = serde_json::from_slice(&bytes).map_err(|e| TextsError::Invalid {
            file,
            reason: e.to_string(),
        })?;
        Ok(Texts { lang, tree })
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The text at a dotted key (`lieu.ouvert`), or `None` when there is none.
    pub fn lookup(&self, key: &str) -> Option<&str> {
        key.split('.')
            .try_fold(&self.tree, |v, part| v.get(part))
            .and_then(Value::as_str)
    }

    /// The text at `key` with `{name}` replaced by the values given; the key itself when the
    /// file lacks it (visible, and caught by the test that compares the languages' keys).
    pub fn get(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.lookup(key).unwrap_or(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// A standard's value in plain words (`vocab`), or the value itself.
    pub fn vocab<'a>(&'a self, value: &'a str) -> &'a str {
        self.tree
            .get("vocab")
            .and_then(|v| v.get(value))
            .and_then(Value::as_str)
            .unwrap_or(value)
    }

    /// Fills a page template: every `{{key}}` becomes the HTML-escaped text at `key`.
    pub fn fill(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 1024);
        let mut rest = template;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find("}}") else {
                out.push_str(&rest[start..]);
                return out;
            };
            out.push_str(&escape_html(&self.get(after[..end].trim(), &[])));
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        out
    }
}

/// Text made safe inside HTML elements and quoted attributes.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every dotted key of a JSON tree that leads to a text or a list.
    fn keys(v: &Value, prefix: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    let p = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    keys(child, &p, out);
                }
            }
            _ => out.push(prefix.to_string()),
        }
    }

    #[test]
    fn french_and_english_have_the_same_keys() {
        let fr = Texts::load(&WebSource::Embedded, Lang::Fr).unwrap();
        let en = Texts::load(&WebSource::Embedded, Lang::En).unwrap();
        let (mut kf, mut ke) = (Vec::new(), Vec::new());
        keys(&fr.tree, "", &mut kf);
        keys(&en.tree, "", &mut ke);
        kf.sort();
        ke.sort();
        assert_eq!(kf, ke);
        assert_eq!(fr.lookup("langue.code"), Some("fr"));
        assert_eq!(en.lookup("langue.code"), Some("en"));
    }

    #[test]
    fn every_key_of_the_page_templates_has_a_text() {
        for lang in [Lang::Fr, Lang::En] {
            let texts = Texts::load(&WebSource::Embedded, lang).unwrap();
            for page in ["recherche.html", "lieu.html"] {
                let template =
                    String::from_utf8(read_page_file(&WebSource::Embedded, page).unwrap()).unwrap();
                let filled = texts.fill(&template);
                assert!(!filled.contains("{{"), "{page}: a key was left unfilled");
                let mut rest = template.as_str();
                while let Some(s) = rest.find("{{") {
                    let e = rest[s..].find("}}").unwrap() + s;
                    let key = rest[s + 2..e].trim();
                    assert!(
                        texts.lookup(key).is_some(),
                        "{page}: {key} missing in {lang:?}"
                    );
                    rest = &rest[e..];
                }
            }
        }
    }

    #[test]
    fn fill_escapes_and_replaces_values() {
        let texts = Texts {
            lang: Lang::Fr,
            tree: serde_json::json!({"a": {"b": "x < y & \"z\""}, "c": "à {lieu}"}),
        };
        assert_eq!(
            texts.fill("<p title=\"{{a.b}}\">{{ a.b }}</p>"),
            "<p title=\"x &lt; y &amp; &quot;z&quot;\">x &lt; y &amp; &quot;z&quot;</p>"
        );
        assert_eq!(texts.get("c", &[("lieu", "Salers")]), "à Salers");
        assert_eq!(texts.get("absent.key", &[]), "absent.key");
    }
}
