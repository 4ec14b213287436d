//! The reference a resident quotes on the phone or in an email.
//!
//! Ten symbols from Crockford's base-32 alphabet (no I, L, O or U, so nothing reads as
//! another symbol), shown as two groups of five. The last symbol is a Luhn mod 32 check
//! character: every single mistyped symbol and every swap of two neighbours is recognised
//! before anything is looked up.

use std::fmt;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Symbols chosen at random; one more is the check character.
const PAYLOAD_LEN: usize = 9;
const LEN: usize = PAYLOAD_LEN + 1;

#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Reference(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    #[error("a reference has {LEN} symbols")]
    Length,
    #[error("a reference uses only letters and digits")]
    Symbol,
    #[error("the check character does not match")]
    Check,
}

/// Maps a typed symbol to its value, reading the look-alikes the way Crockford's alphabet
/// intends (O as zero, I and L as one) so a reference read aloud still parses.
fn value_of(c: char) -> Option<u32> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    ALPHABET
        .iter()
        .position(|&a| a as char == c)
        .map(|p| p as u32)
}

/// Luhn mod N over the payload: doubles every second value from the right, as the check
/// character will sit to the right of the payload.
fn check_value(payload: &[u32]) -> u32 {
    const N: u32 = ALPHABET.len() as u32;
    let mut sum = 0;
    for (i, &v) in payload.iter().rev().enumerate() {
        let addend = if i % 2 == 0 {
            let d = v * 2;
            d / N + d % N
        } else {
            v
        };
        sum += addend;
    }
    (N - sum % N) % N
}

impl Reference {
    /// Builds a reference from nine random symbol values (each taken modulo 32).
    pub fn from_random(values: [u8; PAYLOAD_LEN]) -> Self {
        let payload: Vec<u32> = values.iter().map(|v| u32::from(v % 32)).collect();
        let mut s = String::with_capacity(LEN);
        for v in &payload {
            s.push(ALPHABET[*v as usize] as char);
        }
        s.push(ALPHABET[check_value(&payload) as usize] as char);
        Reference(s)
    }

    #[cfg(feature = "ssr")]
    pub fn generate() -> Self {
        Self::from_random(rand::random())
    }

    /// Accepts what a person might type: any case, spaces or hyphens anywhere, look-alike
    /// letters for digits.
    pub fn parse(input: &str) -> Result<Self, ReferenceError> {
        let mut values = Vec::with_capacity(LEN);
        for c in input.chars().filter(|c| !matches!(c, ' ' | '-')) {
            values.push(value_of(c).ok_or(ReferenceError::Symbol)?);
            if values.len() > LEN {
                return Err(ReferenceError::Length);
            }
        }
        if values.len() != LEN {
            return Err(ReferenceError::Length);
        }
        let (payload, check) = values.split_at(PAYLOAD_LEN);
        if check_value(payload) != check[0] {
            return Err(ReferenceError::Check);
        }
        Ok(Reference(
            values
                .iter()
                .map(|&v| ALPHABET[v as usize] as char)
                .collect(),
        ))
    }

    /// The compact form stored in the database.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Two groups of five, easier to read aloud and to copy.
impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.0[..5], &self.0[5..])
    }
}

impl fmt::Debug for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Reference({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_generated_reference_is_ten_symbols_shown_in_two_groups() {
        let r = Reference::from_random([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(r.as_str().len(), 10);
        assert_eq!(r.to_string().len(), 11);
        assert_eq!(&r.as_str()[..9], "123456789");
        assert_eq!(Reference::parse(&r.to_string()), Ok(r));
    }

    #[test]
    fn look_alike_letters_and_lower_case_are_read_as_intended() {
        let r = Reference::from_random([0, 1, 1, 0, 20, 21, 22, 30, 31]);
        let typed = r
            .to_string()
            .to_lowercase()
            .replace('0', "o")
            .replace('1', "l");
        assert_eq!(Reference::parse(&typed), Ok(r));
    }

    #[test]
    fn wrong_lengths_and_symbols_are_rejected() {
        assert_eq!(Reference::parse(""), Err(ReferenceError::Length));
        assert_eq!(Reference::parse("12345"), Err(ReferenceError::Length));
        assert_eq!(Reference::parse("12345678901"), Err(ReferenceError::Length));
        assert_eq!(Reference::parse("12345-6789U"), Err(ReferenceError::Symbol));
        assert_eq!(Reference::parse("12345-678!9"), Err(ReferenceError::Symbol));
    }

    proptest! {
        #[test]
        fn every_generated_reference_parses_back(values in any::<[u8; 9]>()) {
            let r = Reference::from_random(values);
            prop_assert_eq!(Reference::parse(&r.to_string()), Ok(r.clone()));
            prop_assert_eq!(Reference::parse(r.as_str()), Ok(r));
        }

        #[test]
        fn any_single_mistyped_symbol_is_caught(values in any::<[u8; 9]>(), pos in 0usize..10, delta in 1u32..32) {
            let r = Reference::from_random(values);
            let mut syms: Vec<u32> = r.as_str().chars().map(|c| value_of(c).unwrap()).collect();
            syms[pos] = (syms[pos] + delta) % 32;
            let typed: String = syms.iter().map(|&v| ALPHABET[v as usize] as char).collect();
            prop_assert_eq!(Reference::parse(&typed), Err(ReferenceError::Check));
        }

        #[test]
        fn any_swap_of_two_different_neighbours_is_caught(values in any::<[u8; 9]>(), pos in 0usize..9) {
            let r = Reference::from_random(values);
            let mut syms: Vec<char> = r.as_str().chars().collect();
            prop_assume!(syms[pos] != syms[pos + 1]);
            // Luhn mod N misses exactly one swap pair: the two values whose doubled sums agree.
            let (a, b) = (value_of(syms[pos]).unwrap(), value_of(syms[pos + 1]).unwrap());
            prop_assume!(!((a == 0 && b == 31) || (a == 31 && b == 0)));
            syms.swap(pos, pos + 1);
            let typed: String = syms.into_iter().collect();
            prop_assert!(Reference::parse(&typed).is_err());
        }
    }
}
