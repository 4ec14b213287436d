//! Every language file has exactly the keys of the English one, and every English key is
//! used by the code. A missing key would show a resident a raw key; an unused one is a
//! sentence nobody maintains.

use app::domain::{Kind, Status, Topic};
use std::{collections::BTreeSet, fs, path::Path};

/// Every message key in a language: all the `.ftl` files of its folder (a file path reads
/// that file's folder).
fn keys_in(path: &Path) -> BTreeSet<String> {
    let dir = if path.is_dir() {
        path
    } else {
        path.parent().unwrap()
    };
    let mut keys = BTreeSet::new();
    for entry in fs::read_dir(dir).unwrap() {
        let file = entry.unwrap().path();
        if file.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        for key in fs::read_to_string(&file)
            .unwrap()
            .lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_owned()))
        {
            assert!(
                keys.insert(key.clone()),
                "{key} is defined twice in {}",
                dir.display()
            );
        }
    }
    keys
}

fn locales_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")
}

#[test]
fn every_language_has_every_english_key_and_no_other() {
    let english = keys_in(&locales_dir().join("en/main.ftl"));
    assert!(english.len() > 100);
    let mut languages = 0;
    for entry in fs::read_dir(locales_dir()).unwrap() {
        let dir = entry.unwrap().path();
        let file = dir.join("main.ftl");
        let keys = keys_in(&file);
        let missing: Vec<_> = english.difference(&keys).collect();
        let extra: Vec<_> = keys.difference(&english).collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", file.display());
        assert!(
            extra.is_empty(),
            "{} has keys English does not: {extra:?}",
            file.display()
        );
        languages += 1;
    }
    assert_eq!(
        languages,
        app::i18n::Locale::available().len(),
        "every folder is a language the portal offers"
    );
}

fn rust_sources(dir: &Path, out: &mut String) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push_str(&fs::read_to_string(&path).unwrap());
        }
    }
}

/// Keys the code builds from data rather than writing out.
fn built_keys() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    keys.extend(Topic::ALL.iter().map(|t| format!("topic-{}", t.slug())));
    keys.extend(Kind::ALL.iter().map(|k| format!("kind-{}", k.slug())));
    keys.extend(
        app::domain::Channel::ALL
            .iter()
            .map(|c| format!("channel-{}", c.slug())),
    );
    for s in Status::ALL {
        keys.insert(format!("status-{}", s.slug()));
        keys.insert(format!("status-{}-hint", s.slug()));
        keys.insert(format!("staff-status-{}", s.slug()));
    }
    keys.extend((1..=12).map(|m| format!("month-{m}")));
    keys.extend(
        app::staff::accounts::Role::ALL
            .iter()
            .map(|r| format!("role-{}", r.slug())),
    );
    keys.extend(
        app::domain::Priority::ALL
            .iter()
            .map(|p| format!("priority-{}", p.slug())),
    );
    for s in app::site::PRIVACY_SECTIONS {
        keys.insert(format!("privacy-{s}-heading"));
        keys.insert(format!("privacy-{s}-body"));
    }
    for s in app::site::A11Y_SECTIONS {
        keys.insert(format!("a11y-{s}-heading"));
        keys.insert(format!("a11y-{s}-body"));
    }
    for c in app::site::ERROR_PAGE_CODES {
        keys.insert(format!("error-{c}-title"));
        keys.insert(format!("error-{c}-body"));
    }
    keys
}

#[test]
fn every_english_key_is_used() {
    let mut source = String::new();
    rust_sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut source,
    );
    let built = built_keys();
    let unused: Vec<String> = keys_in(&locales_dir().join("en/main.ftl"))
        .into_iter()
        .filter(|k| !built.contains(k) && !source.contains(&format!("\"{k}\"")))
        .collect();
    assert!(unused.is_empty(), "keys no code uses: {unused:?}");
    let english = keys_in(&locales_dir().join("en/main.ftl"));
    let phantom: Vec<&String> = built.iter().filter(|k| !english.contains(*k)).collect();
    assert!(
        phantom.is_empty(),
        "keys the code builds but English lacks: {phantom:?}"
    );
}
