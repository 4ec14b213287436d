//! A conservative detector for messages that suggest a risk to life or of harm. The phrases
//! live in `app/data/urgent-phrases.txt`, a data file the safeguarding lead maintains.

use std::sync::LazyLock;

struct Phrases {
    /// Normalised, padded with spaces: matched as whole words.
    words: Vec<String>,
    /// Matched anywhere, for scripts whose words take endings.
    anywhere: Vec<String>,
}

static PHRASES: LazyLock<Phrases> =
    LazyLock::new(|| parse(include_str!("../../data/urgent-phrases.txt")));

fn parse(file: &str) -> Phrases {
    let mut phrases = Phrases {
        words: Vec::new(),
        anywhere: Vec::new(),
    };
    for line in file
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let Some((_, phrase)) = line.split_once(':') else {
            continue;
        };
        let phrase = phrase.trim();
        if phrase.is_ascii() {
            phrases.words.push(format!(" {} ", normalise(phrase)));
        } else {
            phrases.anywhere.push(phrase.to_lowercase());
        }
    }
    phrases
}

/// Lower case, every run of non-alphanumeric characters (apostrophes aside) as one space.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '\'' || c == '’' {
            out.push(if c == '’' { '\'' } else { c });
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    out.trim_end().to_owned()
}

/// True when the message contains any listed phrase.
pub fn is_urgent(message: &str) -> bool {
    let padded = format!(" {} ", normalise(message));
    let lower = message.to_lowercase();
    PHRASES.words.iter().any(|p| padded.contains(p.as_str()))
        || PHRASES.anywhere.iter().any(|p| lower.contains(p.as_str()))
}

#[cfg(test)]
mod tests {
    use super::is_urgent;

    #[test]
    fn the_phrase_file_loads_both_languages() {
        assert!(super::PHRASES.words.len() > 30);
        assert!(super::PHRASES.anywhere.len() > 10);
    }

    #[test]
    fn english_messages_about_risk_are_urgent() {
        for text in [
            "Some days I think about suicide.",
            "I want to KILL myself!!",
            "I have been self-harming again",
            "I've started cutting myself",
            "My partner hits me when he drinks",
            "I don't want to live any more",
            "I dont want to live like this",
            "We are not safe at home.",
            "He threatened to kill me",
            "my neighbour is abusing my child",
            "I took an overdose last month",
        ] {
            assert!(is_urgent(text), "{text}");
        }
    }

    #[test]
    fn bengali_messages_about_risk_are_urgent() {
        for text in [
            "আমি আত্মহত্যার কথা ভাবছি",
            "আমি আর বাঁচতে চাই না",
            "আমার স্বামী আমাকে মারধর করে",
            "আমরা বাড়িতে নিরাপদ নই",
            "মাঝে মাঝে মনে হয় মরে যেতে চাই",
        ] {
            assert!(is_urgent(text), "{text}");
        }
    }

    #[test]
    fn everyday_phrases_are_not_urgent() {
        for text in [
            "I go to the library for killing time between appointments",
            "I'm dying to try the new walking group!",
            "The damp is killing my plants",
            "This queue will be the death of me, haha",
            "The self-help leaflet was useful",
            "My hit list: housing, benefits, debt",
            "I was in a dangerous mood about the bus timetable",
            "Suicidally boring meetings",
            "আমি হাঁটার দলে যোগ দিতে চাই",
            "Great service, thank you. Overall dangerous levels of tea drunk.",
        ] {
            assert!(!is_urgent(text), "{text}");
        }
    }
}
