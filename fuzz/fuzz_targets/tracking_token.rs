//! Tracking tokens from the address bar: never panics; whatever parses round-trips and hashes
//! to the same 32 bytes every time.
#![no_main]

use app::domain::TrackingToken;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(token) = TrackingToken::parse(text) {
        let again = TrackingToken::parse(token.as_str()).expect("a printed token parses");
        assert_eq!(again.hash(), token.hash());
        assert_eq!(token.hash().len(), 32);
    }
});
