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
            let (phrase, at_end) = match phrase.strip_suffix('$') {
                Some(p) => (p, true),
                None => (phrase, false),
            };
            let mut words = format!(" {} ", normalise(phrase));
            if at_end {
                words.push_str(&format!("{CLAUSE_END} "));
            }
            phrases.words.push(words);
        } else {
            phrases.anywhere.push(phrase.to_lowercase());
        }
    }
    phrases
}

/// Stands for the end of a sentence or clause in normalised text; never a word itself.
const CLAUSE_END: char = '|';

/// Lower case, every run of other characters (apostrophes aside) as one space, and the end
/// of each sentence or clause (`.`, `!`, `?`, `;`, `,`, `:`, a line break, the end of the
/// text) as [`CLAUSE_END`].
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    let mut space = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '\'' || c == '’' {
            out.push(if c == '’' { '\'' } else { c });
            space = false;
        } else if matches!(c, '.' | '!' | '?' | ';' | ',' | ':' | '\n') {
            if !space {
                out.push(' ');
            }
            if !out.ends_with(&format!("{CLAUSE_END} ")) {
                out.push(CLAUSE_END);
                out.push(' ');
            }
            space = true;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    out.trim_end().to_owned()
}

/// True when the message contains any listed phrase.
pub fn is_urgent(message: &str) -> bool {
    matched(message).is_some()
}

/// The first listed phrase a message contains, as staff see it on the item page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    /// The phrase as listed, in lower case.
    pub phrase: String,
    /// Where it is in the message, when it appears there as written (not across a line
    /// break or with other punctuation between its words), for highlighting.
    pub at: Option<std::ops::Range<usize>>,
}

pub fn matched(message: &str) -> Option<Matched> {
    let padded = format!(" {} {CLAUSE_END} ", normalise(message));
    if let Some(p) = PHRASES.words.iter().find(|p| padded.contains(p.as_str())) {
        let phrase = p.trim().trim_end_matches(CLAUSE_END).trim().to_owned();
        let at = find_ignoring_ascii_case(message, &phrase);
        return Some(Matched { phrase, at });
    }
    let lower = message.to_lowercase();
    PHRASES
        .anywhere
        .iter()
        .find(|p| lower.contains(p.as_str()))
        .map(|p| Matched {
            phrase: p.clone(),
            at: message.find(p.as_str()).map(|start| start..start + p.len()),
        })
}

/// Byte range of the ASCII `needle` in `haystack`, ignoring ASCII case. ASCII bytes never
/// occur inside a multi-byte UTF-8 character, so the range always falls on characters.
fn find_ignoring_ascii_case(haystack: &str, needle: &str) -> Option<std::ops::Range<usize>> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() || n.len() > h.len() {
        return None;
    }
    (0..=h.len() - n.len())
        .find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
        .map(|i| i..i + n.len())
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
            "Sometimes I just want to end it all",
            "I can't go on.",
            "i cant go on",
            "I can't go on like this, nobody calls back",
            "Honestly I cannot carry on",
            "There is no reason to live any more",
            "no point in living if this is it",
            "I wish I was dead some mornings",
            "They'd be better off without me",
            "I'm tired of living in this flat like this",
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
    fn the_phrase_that_matched_is_found_in_the_message_for_highlighting() {
        let message = "Honestly, I want to KILL myself some days.";
        let m = super::matched(message).unwrap();
        assert_eq!(m.phrase, "kill myself");
        assert_eq!(&message[m.at.unwrap()], "KILL myself");
        let m = super::matched("I can't go on.").unwrap();
        assert_eq!(m.phrase, "can't go on");
        let bengali = "মাঝে মাঝে মনে হয় মরে যেতে চাই";
        let m = super::matched(bengali).unwrap();
        assert_eq!(&bengali[m.at.unwrap()], "মরে যেতে চাই");
        assert_eq!(super::matched("The walking group was lovely"), None);
    }

    #[test]
    fn bengali_and_sylheti_in_latin_letters_are_urgent() {
        for text in [
            "ami atmohotta korte chai",
            "ami ar bachte chai na",
            "Ami r bachte chaina",
            "amar shami amake mare",
            "ghore mardhor hoy",
            "ami mori jaimu",
            "ami ar bachtam chai na",
            "hey amare mare protidin",
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
            "I can't go on the trip on Saturday, can we move it?",
            "The bus can't go on that road since the works",
            "We carry on with the walking group in spring",
            "Things went on and on at the meeting, I can't. Go on without me next time?",
            "The end of it all was a nice cup of tea",
            "Ami kalke asbo, dhonnobad",
            "amar mayer jonno coffee morning khub bhalo",
            "Please mark my form as received",
        ] {
            assert!(!is_urgent(text), "{text}");
        }
    }
}
