//! Texts of a place as a resident reads them: a phone number written the French way
//! ("04 73 82 79 85"), a name without HTML entities nor shouting capitals
//! ("FRANCE SERVICES D&#039;AURILLAC" → "France Services d'Aurillac"), an address without
//! them ("16 AV JEAN JAURES, 38150 ROUSSILLON" → "16 Av Jean Jaures, 38150 Roussillon").

/// A phone number grouped by two digits in the national form: `+33473827985` and `0473827985`
/// give `04 73 82 79 85`; overseas numbers (`+262…`, `+590…`) too. Anything else (short
/// numbers, foreign numbers) is returned trimmed, as published.
pub fn phone_fr(raw: &str) -> String {
    let trimmed = raw.trim();
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let international = trimmed.starts_with('+') || digits.starts_with("00");
    let digits = digits.strip_prefix("00").unwrap_or(&digits).to_string();
    let national = if international {
        const OVERSEAS: [&str; 6] = ["262", "269", "590", "594", "596", "508"];
        if let Some(rest) = digits.strip_prefix("33") {
            // `+33 (0)4 …` writes the trunk zero too.
            format!(
                "0{}",
                rest.strip_prefix('0')
                    .filter(|r| r.len() == 9)
                    .unwrap_or(rest)
            )
        } else if let Some(rest) = OVERSEAS
            .iter()
            .find_map(|c| digits.strip_prefix(c).filter(|r| r.len() == 9))
        {
            format!("0{rest}")
        } else {
            return trimmed.to_string();
        }
    } else {
        digits
    };
    if national.len() != 10 || !national.starts_with('0') {
        return trimmed.to_string();
    }
    national
        .as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Decodes the HTML entities found in names (`&amp;`, `&#039;`, `&quot;`…).
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let entity = &rest[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "nbsp" => Some(' '),
                "rsquo" | "lsquo" => Some('’'),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Small words that stay in lower case inside a name (`ès`, `lès`, `lez`: "in", "near", as in
/// Riom-ès-Montagnes; capitals often drop the accent, `RIOM-ES-MONTAGNES`).
const PARTICLES: &[&str] = &[
    "de", "du", "des", "la", "le", "les", "et", "en", "à", "au", "aux", "sur", "sous", "d", "l",
    "ès", "es", "lès", "lez",
];

/// Acronyms kept in capitals even when longer than three letters or holding a vowel (`AFR`).
const ACRONYMS: &[&str] = &[
    "CCAS", "CIAS", "CPAM", "MSAP", "PIMMS", "URSSAF", "CAF", "MSA", "EPN", "MJC", "CSC", "PIJ",
    "BIJ", "FALC", "ADIL", "UDAF", "CDAD", "ANCT", "CNFS", "EHPAD", "CFPPA", "GRETA", "MFR", "AFR",
    "PMI", "CIO", "RSA",
];

/// The name with entities decoded and words in capitals put in title case (`AURILLAC` →
/// `Aurillac`, `SAINT-FLOUR` → `Saint-Flour`); acronyms (three letters or fewer, or known
/// ones such as CCAS) stay in capitals, particles (`DE`, `LA`…) go lower case but first.
pub fn display_name(nom: &str) -> String {
    let decoded = decode_entities(nom);
    let mut out = String::with_capacity(decoded.len());
    let mut first = true;
    for (i, word) in decoded.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&word_case(word, first));
        if !word.is_empty() {
            first = false;
        }
    }
    out
}

/// The postal address on one line, each part written as [`display_name`] writes names:
/// street, complement, then postcode and commune, the empty parts left out. Screen readers
/// spell words in capitals letter by letter, and capitals are harder to read.
pub fn display_address(
    adresse: Option<&str>,
    complement: Option<&str>,
    code_postal: Option<&str>,
    commune: Option<&str>,
) -> String {
    let part = |t: Option<&str>| display_name(t.unwrap_or("").trim());
    let town = format!("{} {}", code_postal.unwrap_or("").trim(), part(commune));
    [part(adresse), part(complement), town.trim().to_string()]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One space-separated word; its hyphen and apostrophe parts are cased one by one.
fn word_case(word: &str, first: bool) -> String {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let shouting = letters >= 2 && word.chars().all(|c| !c.is_lowercase());
    if !shouting || ACRONYMS.contains(&word) {
        return word.to_string();
    }
    let mut out = String::with_capacity(word.len());
    let mut part = String::new();
    let mut part_index = 0;
    let flush = |part: &mut String, out: &mut String, index: usize, last: bool| {
        if part.is_empty() {
            return;
        }
        let lower = part.to_lowercase();
        let particle = PARTICLES.contains(&lower.as_str());
        let letters = part.chars().filter(|c| c.is_alphabetic()).count();
        if particle && !(first && index == 0) {
            out.push_str(&lower);
        } else if letters <= 3 && !particle && last && index == 0 && !lower.chars().any(is_vowel) {
            // `EPN`, `MJC`: no vowel, an acronym.
            out.push_str(part);
        } else {
            let mut cs = lower.chars();
            if let Some(c) = cs.next() {
                out.extend(c.to_uppercase());
                out.push_str(cs.as_str());
            }
        }
        part.clear();
    };
    let parts_total = word.split(['-', '\'', '’']).count();
    for c in word.chars() {
        if c == '-' || c == '\'' || c == '’' {
            flush(&mut part, &mut out, part_index, parts_total == 1);
            out.push(c);
            part_index += 1;
        } else {
            part.push(c);
        }
    }
    flush(&mut part, &mut out, part_index, parts_total == 1);
    out
}

fn is_vowel(c: char) -> bool {
    matches!(deunicode::deunicode_char(c), Some(s) if s.starts_with(['a', 'e', 'i', 'o', 'u', 'y']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_the_french_way() {
        assert_eq!(phone_fr("+33473827985"), "04 73 82 79 85");
        assert_eq!(phone_fr("0473827985"), "04 73 82 79 85");
        assert_eq!(phone_fr("04.73.82.79.85"), "04 73 82 79 85");
        assert_eq!(phone_fr("+33 (0)4 73 82 79 85"), "04 73 82 79 85");
        assert_eq!(phone_fr("0033473827985"), "04 73 82 79 85");
        assert_eq!(phone_fr("+262262123456"), "02 62 12 34 56");
        assert_eq!(phone_fr("3939"), "3939");
        assert_eq!(phone_fr("+41 22 123 45 67"), "+41 22 123 45 67");
    }

    #[test]
    fn names_without_entities_nor_capitals() {
        assert_eq!(
            display_name("Médiathèque Jean &amp; Paul"),
            "Médiathèque Jean & Paul"
        );
        assert_eq!(
            display_name("FRANCE SERVICES D&#039;AURILLAC"),
            "France Services d'Aurillac"
        );
        assert_eq!(
            display_name("MAIRIE DE SAINT-FLOUR"),
            "Mairie de Saint-Flour"
        );
        assert_eq!(
            display_name("CCAS DE LA VILLE DE MAURIAC"),
            "CCAS de la Ville de Mauriac"
        );
        assert_eq!(
            display_name("EPN du Pays de Salers"),
            "EPN du Pays de Salers"
        );
        assert_eq!(display_name("LA POSTE"), "La Poste");
        assert_eq!(
            display_name("FRANCE SERVICES DE RIOM-ES-MONTAGNES"),
            "France Services de Riom-es-Montagnes"
        );
        assert_eq!(
            display_name("MAIRIE DE VILLENEUVE-LÈS-AVIGNON"),
            "Mairie de Villeneuve-lès-Avignon"
        );
        assert_eq!(display_name("AFR DE SALERS"), "AFR de Salers");
        assert_eq!(display_name("Espace MJC"), "Espace MJC");
        assert_eq!(display_name("a &bogus; & b"), "a &bogus; & b");
    }

    #[test]
    fn addresses_without_capitals() {
        assert_eq!(
            display_address(
                Some("16 AV JEAN JAURES"),
                None,
                Some("38150"),
                Some("ROUSSILLON")
            ),
            "16 Av Jean Jaures, 38150 Roussillon"
        );
        assert_eq!(
            display_address(
                Some("22 RUE HOTEL DE VILLE"),
                Some(" "),
                Some("38110"),
                Some("LA TOUR-DU-PIN")
            ),
            "22 Rue Hotel de Ville, 38110 La Tour-du-Pin"
        );
        assert_eq!(
            display_address(
                Some("1 rue du pré de mergue"),
                Some("BP 12"),
                Some("15140"),
                Some("saint martin valmeroux")
            ),
            "1 rue du pré de mergue, BP 12, 15140 saint martin valmeroux"
        );
        assert_eq!(display_address(None, None, None, Some("Salers")), "Salers");
        assert_eq!(display_address(None, None, None, None), "");
    }
}
