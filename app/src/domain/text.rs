//! Free text a resident types: the message and their name.
//!
//! Parsing trims, normalises line endings, rejects control characters (a null byte or an
//! escape sequence is never typed by a person), drops the bidirectional override and
//! isolate controls that can make text display as something it is not, and, on the server,
//! removes any markup with the one configured sanitiser. Every script people write in is
//! accepted, emoji included.

use serde::{Deserialize, Serialize};

/// Characters, not bytes: a Bengali letter is three bytes and counts once.
pub const MESSAGE_MAX_CHARS: usize = 5000;
pub const NAME_MAX_CHARS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("empty")]
    Empty,
    #[error("too long")]
    TooLong,
    #[error("contains control characters")]
    ControlCharacters,
}

/// Left-to-right/right-to-left embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069). The marks U+200E, U+200F and U+061C stay: right-to-left writers use them.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn clean(input: &str, max_chars: usize, multiline: bool) -> Result<String, TextError> {
    let normalised = input.replace("\r\n", "\n").replace('\r', "\n");
    let trimmed = normalised.trim();
    if trimmed.is_empty() {
        return Err(TextError::Empty);
    }
    if trimmed.chars().count() > max_chars {
        return Err(TextError::TooLong);
    }
    let allowed_control = |c: char| c == '\t' || (multiline && c == '\n');
    if trimmed
        .chars()
        .any(|c| c.is_control() && !allowed_control(c))
    {
        return Err(TextError::ControlCharacters);
    }
    let without_bidi: String = trimmed.chars().filter(|&c| !is_bidi_control(c)).collect();
    #[cfg(feature = "ssr")]
    let without_bidi = crate::sanitise::plain_text(&without_bidi);
    let result = without_bidi.trim();
    if result.is_empty() {
        return Err(TextError::Empty);
    }
    Ok(result.to_owned())
}

/// The resident's feedback or idea, as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message(String);

impl Message {
    pub fn parse(input: &str) -> Result<Self, TextError> {
        clean(input, MESSAGE_MAX_CHARS, true).map(Message)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An optional name a resident gives so staff know how to address them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactName(String);

impl ContactName {
    pub fn parse(input: &str) -> Result<Self, TextError> {
        clean(input, NAME_MAX_CHARS, false).map(ContactName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_message_is_trimmed_and_keeps_its_lines() {
        let m = Message::parse("  first line\r\nsecond line\n ").unwrap();
        assert_eq!(m.as_str(), "first line\nsecond line");
    }

    #[test]
    fn an_empty_or_blank_message_is_refused() {
        assert_eq!(Message::parse(""), Err(TextError::Empty));
        assert_eq!(Message::parse(" \n\t "), Err(TextError::Empty));
    }

    #[test]
    fn the_limit_counts_characters_not_bytes() {
        let bengali = "ক".repeat(MESSAGE_MAX_CHARS);
        assert!(bengali.len() > MESSAGE_MAX_CHARS);
        assert!(Message::parse(&bengali).is_ok());
        assert_eq!(
            Message::parse(&format!("{bengali}ক")),
            Err(TextError::TooLong)
        );
    }

    #[test]
    fn control_characters_are_refused() {
        assert_eq!(
            Message::parse("hello\0world"),
            Err(TextError::ControlCharacters)
        );
        assert_eq!(
            Message::parse("bell\u{7}"),
            Err(TextError::ControlCharacters)
        );
        assert_eq!(
            Message::parse("esc\u{1b}[31m"),
            Err(TextError::ControlCharacters)
        );
        assert_eq!(
            ContactName::parse("two\nlines"),
            Err(TextError::ControlCharacters)
        );
    }

    #[test]
    fn bidi_overrides_are_dropped_and_marks_kept() {
        let m = Message::parse("abc\u{202E}fdp.exe\u{2066}x\u{2069} \u{200F}").unwrap();
        assert_eq!(m.as_str(), "abcfdp.exex \u{200F}");
    }

    #[test]
    fn any_script_and_emoji_are_accepted() {
        for text in ["আমার কথা", "مرحبا بكم", "Soo dhawow", "😀👍🏽 𝕏", "你好"]
        {
            assert_eq!(Message::parse(text).unwrap().as_str(), text);
        }
    }

    proptest! {
        #[test]
        fn parsing_never_panics_and_respects_the_limit(s in "\\PC{0,300}") {
            if let Ok(m) = Message::parse(&s) {
                prop_assert!(m.as_str().chars().count() <= MESSAGE_MAX_CHARS);
                prop_assert!(!m.as_str().is_empty());
                prop_assert!(!m.as_str().chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
            }
        }

        #[test]
        fn a_parsed_message_parses_to_itself(s in "[a-zA-Z0-9 .,!?\u{0980}-\u{09FF}\n]{1,200}") {
            if let Ok(m) = Message::parse(&s) {
                prop_assert_eq!(Message::parse(m.as_str()), Ok(m.clone()));
            }
        }
    }
}
