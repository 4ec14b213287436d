//! Contact details a resident may leave, parsed once into types the rest of the code trusts.

use serde::{Deserialize, Serialize};

/// An email address in the form `local@domain`, domain lower-cased, at most 254 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactEmail(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not an email address")]
pub struct InvalidEmail;

impl ContactEmail {
    pub fn parse(input: &str) -> Result<Self, InvalidEmail> {
        let trimmed = input.trim();
        if trimmed.len() > 254 || trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(InvalidEmail);
        }
        let parsed = email_address::EmailAddress::parse_with_options(
            trimmed,
            email_address::Options::default()
                .without_display_text()
                .without_domain_literal(),
        )
        .map_err(|_| InvalidEmail)?;
        let domain = parsed.domain().to_lowercase();
        // A real mailbox needs a dot in the domain: `name@localhost` is a typing slip here.
        if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
            return Err(InvalidEmail);
        }
        Ok(ContactEmail(format!("{}@{}", parsed.local_part(), domain)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A telephone number, kept in E.164 form (`+447700900982`).
///
/// Written by hand rather than with a full numbering-plan library: the rule we need is
/// small (UK numbers in the ways people write them, plus international numbers that start
/// with `+`), and this keeps the page weight and the build light.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneNumber(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a phone number")]
pub struct InvalidPhone;

/// The service's own telephone number (`PORTAL_SERVICE_PHONE`), shown as the service writes
/// it and dialled through a `tel:` link in its international form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicePhone {
    shown: String,
    number: PhoneNumber,
}

impl ServicePhone {
    pub fn parse(input: &str) -> Result<Self, InvalidPhone> {
        Ok(ServicePhone {
            number: PhoneNumber::parse(input)?,
            shown: input.trim().to_owned(),
        })
    }

    /// As written in the setting, for reading.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The link that dials it.
    pub fn href(&self) -> String {
        format!("tel:{}", self.number.as_str())
    }
}

impl PhoneNumber {
    pub fn parse(input: &str) -> Result<Self, InvalidPhone> {
        let trimmed = input.trim();
        // "+44 (0)20 7946 0000" is a common way to write a UK number.
        let trimmed = trimmed.replacen("(0)", "", 1);
        let mut digits = String::with_capacity(16);
        let mut plus = false;
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if i == 0 => plus = true,
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return Err(InvalidPhone),
            }
        }
        let international = if plus {
            Some(digits.as_str())
        } else {
            digits.strip_prefix("00")
        };
        let e164 = match international {
            Some(rest) => {
                if let Some(national) = rest.strip_prefix("44") {
                    uk_national(national)?
                } else if (8..=15).contains(&rest.len()) && !rest.starts_with('0') {
                    format!("+{rest}")
                } else {
                    return Err(InvalidPhone);
                }
            }
            None => uk_national(digits.strip_prefix('0').ok_or(InvalidPhone)?)?,
        };
        Ok(PhoneNumber(e164))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A UK number after the leading 0 or +44: ten digits starting 1, 2, 3, 5, 7, 8 or 9, or
/// nine digits for the few geographic (01…) numbers that have them.
fn uk_national(national: &str) -> Result<String, InvalidPhone> {
    let first = national.as_bytes().first().copied();
    let ok = match national.len() {
        10 => matches!(first, Some(b'1' | b'2' | b'3' | b'5' | b'7' | b'8' | b'9')),
        9 => first == Some(b'1'),
        _ => false,
    };
    if ok {
        Ok(format!("+44{national}"))
    } else {
        Err(InvalidPhone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn common_email_addresses_are_accepted_and_domains_lower_cased() {
        assert_eq!(
            ContactEmail::parse(" resident@Example.ORG ")
                .unwrap()
                .as_str(),
            "resident@example.org"
        );
        assert!(ContactEmail::parse("first.last+tag@sub.example.nhs.uk").is_ok());
    }

    #[test]
    fn malformed_email_addresses_are_refused() {
        for bad in [
            "",
            "plainaddress",
            "@example.org",
            "name@",
            "name@localhost",
            "a b@example.org",
            "name@example..org",
            "Name <name@example.org>",
            "name@[127.0.0.1]",
            "name@exa\nmple.org",
        ] {
            assert_eq!(ContactEmail::parse(bad), Err(InvalidEmail), "{bad:?}");
        }
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(ContactEmail::parse(&long), Err(InvalidEmail));
    }

    #[test]
    fn uk_numbers_in_common_forms_are_accepted() {
        for (typed, e164) in [
            ("07700 900982", "+447700900982"),
            ("07700900982", "+447700900982"),
            ("+44 7700 900982", "+447700900982"),
            ("+44 (0)7700 900982", "+447700900982"),
            ("0044 7700 900982", "+447700900982"),
            ("020 7946 0000", "+442079460000"),
            ("(020) 7946-0000", "+442079460000"),
            ("0207.946.0000", "+442079460000"),
            ("+880 1712 345678", "+8801712345678"),
        ] {
            assert_eq!(PhoneNumber::parse(typed).unwrap().as_str(), e164, "{typed}");
        }
    }

    #[test]
    fn things_that_are_not_phone_numbers_are_refused() {
        for bad in [
            "",
            "999",
            "0770090098",
            "077009009822",
            "07700 900982 ext 4",
            "+44 0 7700 900982",
            "7700900982",
            "++447700900982",
            "0800-CALL-NOW",
            "+0123456789",
            "06700 900982",
        ] {
            assert_eq!(PhoneNumber::parse(bad), Err(InvalidPhone), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn any_valid_mobile_survives_spacing(rest in "[0-9]{9}", spaces in proptest::collection::vec(0usize..11, 0..4)) {
            let mut typed: Vec<char> = format!("07{rest}").chars().collect();
            for s in spaces { typed.insert(s.min(typed.len()), ' '); }
            let typed: String = typed.into_iter().collect();
            let parsed = PhoneNumber::parse(&typed).unwrap();
            prop_assert_eq!(parsed.as_str(), format!("+447{rest}"));
        }

        #[test]
        fn email_parsing_never_panics(s in "\\PC{0,80}") {
            let _ = ContactEmail::parse(&s);
            let _ = PhoneNumber::parse(&s);
        }
    }
}
