//! The feedback form as posted: any bytes are decoded and validated without panicking, and
//! anything accepted holds only what the rules allow.
#![no_main]

use app::domain::Topic;
use app::i18n::Locale;
use app::resident::form::{FeedbackForm, Practice};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(form) = serde_urlencoded::from_bytes::<FeedbackForm>(data) else {
        return;
    };
    let practices = vec![Practice {
        id: 1,
        code: "SAMPLE01".into(),
        name: "Canal Side Health Centre (sample)".into(),
        network: "Sample Network North".into(),
    }];
    let topics = Topic::ALL.to_vec();
    for locale in Locale::available() {
        if let Ok(new) = form.validate(&practices, &topics, &locale) {
            let message = new.message.as_str();
            assert!(!message.is_empty());
            assert!(message.chars().count() <= app::domain::MESSAGE_MAX_CHARS);
            assert_eq!(
                app::sanitise::plain_text(message),
                message,
                "stored text is already clean"
            );
            assert!(
                form.website.is_empty(),
                "the honeypot never lets a form through"
            );
        }
    }
});
