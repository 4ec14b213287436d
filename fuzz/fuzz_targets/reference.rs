//! References as people type them: never panics, and whatever parses prints back to itself.
#![no_main]

use app::domain::Reference;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(reference) = Reference::parse(text) {
        let again = Reference::parse(reference.as_str()).expect("a printed reference parses");
        assert_eq!(again.as_str(), reference.as_str());
        assert_eq!(reference.as_str().len(), 10);
    }
});
