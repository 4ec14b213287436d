//! Themes suggested from a message: each theme on the kept list carries words and phrases, in
//! English and Bengali, that admins keep beside it (`/admin/themes`); a message that contains
//! one suggests the theme. Written here rather than taken from a search library: a few dozen
//! phrases against one message is a loop, and the rules must stay plain enough for an admin
//! to read and edit.

/// A theme on the list and the words that suggest it (comma-separated).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Rule {
    pub name: String,
    pub name_bn: String,
    pub keywords: String,
}

/// The themes `message` suggests, in list order, each once.
pub fn suggest<'a>(message: &str, rules: &'a [Rule]) -> Vec<&'a Rule> {
    let message = message.to_lowercase();
    rules
        .iter()
        .filter(|rule| {
            rule.keywords
                .split(',')
                .map(|k| k.trim().to_lowercase())
                .filter(|k| !k.is_empty())
                .any(|k| contains(&message, &k))
        })
        .collect()
}

/// Whether `text` holds `phrase`. An English phrase must stand as whole words ("pip" is not in
/// "pipe"); a Bengali one may carry endings ("একা" is in "একাকী"), as Bengali words take
/// their case and number endings joined on.
fn contains(text: &str, phrase: &str) -> bool {
    if !phrase.is_ascii() {
        return text.contains(phrase);
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(phrase).any(|(at, _)| {
        !word(text[..at].chars().next_back()) && !word(text[at + phrase.len()..].chars().next())
    })
}

/// Keywords as an admin typed them: plain text, lower case, each at most 40 characters, at
/// most 30 of them, joined with ", ".
pub fn clean_keywords(raw: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for k in raw.split(',').filter_map(crate::forms::theme_name) {
        if !out.contains(&k) && out.len() < 30 {
            out.push(k);
        }
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(name: &str, keywords: &str) -> Rule {
        Rule {
            name: name.into(),
            name_bn: String::new(),
            keywords: keywords.into(),
        }
    }

    #[test]
    fn english_phrases_match_whole_words_and_bengali_ones_with_endings() {
        let rules = [
            rule("benefits advice", "pip, universal credit"),
            rule("loneliness", "lonely, একা"),
            rule("damp and mould", "damp, mould"),
        ];
        let names =
            |m: &str| -> Vec<&str> { suggest(m, &rules).iter().map(|r| r.name.as_str()).collect() };
        assert_eq!(names("My PIP was stopped."), ["benefits advice"]);
        assert!(names("The pipe under the sink").is_empty());
        assert_eq!(names("Applying for Universal Credit"), ["benefits advice"]);
        assert_eq!(names("আমি খুব একাকী বোধ করি"), ["loneliness"]);
        assert_eq!(
            names("Damp, and the mould is back; I feel lonely"),
            ["loneliness", "damp and mould"]
        );
        assert!(names("").is_empty());
    }

    #[test]
    fn keywords_are_cleaned_once() {
        assert_eq!(
            clean_keywords(" Damp, MOULD ,damp,, <b>mold</b> "),
            "damp, mould, mold"
        );
        assert_eq!(clean_keywords(""), "");
    }
}
