//! The layers of the app crate, lowest first, and a test that no module reaches up into a
//! layer above its own (`docs/ARCHITECTURE.md` draws the same table). Modules in one layer
//! may use each other; a feature may call another feature's public functions.

/// Each top-level module of `app/src` and its layer.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "foundation",
        &[
            "domain", "i18n", "sanitise", "cookies", "assets", "db", "error", "on_db", "on_tx",
            "seal", "photos",
        ],
    ),
    (
        "shared",
        &[
            "audit",
            "notify",
            "submissions",
            "ui",
            "forms",
            "state",
            "islands",
        ],
    ),
    (
        "features",
        &[
            "resident", "staff", "triage", "admin", "insights", "privacy", "site",
        ],
    ),
    ("router and tools", &["lib", "layers", "demo"]),
];

mod tests {
    use super::LAYERS;
    use std::path::Path;
    use syn::visit::Visit;

    fn layer_of(module: &str) -> Option<usize> {
        LAYERS.iter().position(|(_, mods)| mods.contains(&module))
    }

    /// The first segment after `crate::` of every path and `use` in a file.
    #[derive(Default)]
    struct CratePaths(Vec<String>);

    impl<'ast> Visit<'ast> for CratePaths {
        fn visit_path(&mut self, path: &'ast syn::Path) {
            let mut segments = path.segments.iter();
            if segments.next().is_some_and(|s| s.ident == "crate") {
                if let Some(next) = segments.next() {
                    self.0.push(next.ident.to_string());
                }
            }
            syn::visit::visit_path(self, path);
        }

        fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
            fn walk(tree: &syn::UseTree, under_crate: bool, out: &mut Vec<String>) {
                match tree {
                    syn::UseTree::Path(p) if p.ident == "crate" => walk(&p.tree, true, out),
                    syn::UseTree::Path(p) if under_crate => out.push(p.ident.to_string()),
                    syn::UseTree::Name(n) if under_crate => out.push(n.ident.to_string()),
                    syn::UseTree::Rename(r) if under_crate => out.push(r.ident.to_string()),
                    syn::UseTree::Group(g) => {
                        for t in &g.items {
                            walk(t, under_crate, out);
                        }
                    }
                    _ => {}
                }
            }
            walk(&item.tree, false, &mut self.0);
        }
    }

    /// (file, its module, the module it reaches into) for every reach upwards.
    fn reaches_up(root: &Path) -> Vec<(String, String, String)> {
        fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let mut files = Vec::new();
        walk(root, &mut files);
        files.sort();
        let mut found = Vec::new();
        for file in files {
            let rel = file.strip_prefix(root).unwrap();
            let module = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_owned();
            let own = layer_of(&module)
                .unwrap_or_else(|| panic!("{module} is in no layer: add it to LAYERS"));
            let parsed = syn::parse_file(&std::fs::read_to_string(&file).unwrap()).unwrap();
            let mut paths = CratePaths::default();
            paths.visit_file(&parsed);
            for target in paths.0 {
                if target == module {
                    continue;
                }
                let theirs = layer_of(&target)
                    .unwrap_or_else(|| panic!("{target} (used in {rel:?}) is in no layer"));
                if theirs > own {
                    found.push((rel.display().to_string(), module.clone(), target));
                }
            }
        }
        found.sort();
        found.dedup();
        found
    }

    #[test]
    fn no_module_reaches_into_a_layer_above_its_own() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let found = reaches_up(&root);
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn a_shared_module_using_a_feature_is_caught() {
        let dir = tempfile_dir();
        std::fs::create_dir_all(dir.join("notify")).unwrap();
        std::fs::write(
            dir.join("notify/mod.rs"),
            "use crate::resident::form::NewSubmission;\nfn f() { crate::db::x(); }\n",
        )
        .unwrap();
        std::fs::write(dir.join("resident.rs"), "use crate::notify;\n").unwrap();
        assert_eq!(
            reaches_up(&dir),
            [(
                "notify/mod.rs".to_owned(),
                "notify".to_owned(),
                "resident".to_owned()
            )]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "layers-test-{}-{}",
            std::process::id(),
            rand::random::<u64>()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
