//! Every route and what guards it, read from the source: each `.route(path, get(h).post(h))`
//! in `app/src`, matched to the handler's signature. A POST must take its form as
//! `CsrfForm` and a staff-area route must take `Staff`, `Admin`, `Reader` or `SignedIn`,
//! unless it is one of the few listed below with the reason it needs neither. Reading the
//! source (with `syn`) rather than a hand-kept table means a new route cannot be left out.

use quote::ToTokens;
use std::collections::HashMap;
use std::path::Path;
use syn::visit::Visit;

/// POST routes without a session, and what protects each instead of the session's token.
const PUBLIC_POSTS: &[(&str, &str)] = &[
    (
        "/feedback",
        "residents have no session; the signed start-time token and rate limits",
    ),
    (
        "/track/{token}/delete",
        "the unguessable tracking token in the path is the authority",
    ),
    (
        "/track/{token}/add",
        "the unguessable tracking token in the path is the authority",
    ),
    (
        "/track",
        "residents have no session; it only sends a link to the contact already given, and is rate-limited",
    ),
    (
        "/staff/sign-in",
        "before a session exists: a double-submit token in a cookie and the form",
    ),
    (
        "/staff/sign-in/code",
        "before a session exists: the half-finished sign-in's cookie (SameSite=Strict, set only after a right password) is the authority",
    ),
    (
        "/staff/forgot-password",
        "before a session exists: same answer for everyone, rate limited",
    ),
    (
        "/staff/set-password/{token}",
        "the one-time token in the path is the authority",
    ),
];

/// Staff-area routes that must be reachable signed out.
const PUBLIC_STAFF_PAGES: &[&str] = &[
    "/staff/sign-in",
    "/staff/sign-in/code",
    "/staff/forgot-password",
    "/staff/set-password/{token}",
    "/admin",
];

const GUARDS: &[&str] = &["Admin", "Staff", "Reader", "SignedIn"];
const METHODS: &[&str] = &["get", "post", "put", "patch", "delete"];

#[derive(Debug, Clone, PartialEq)]
struct Route {
    file: String,
    path: String,
    method: String,
    handler: String,
    guard: Option<String>,
    csrf: bool,
}

/// Handlers' parameter types, by name, and the routes that name them, in one file.
#[derive(Default)]
struct FileScan {
    params: HashMap<String, Vec<String>>,
    routes: Vec<(String, String, String)>,
}

impl<'ast> Visit<'ast> for FileScan {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        let types = f
            .sig
            .inputs
            .iter()
            .filter_map(|arg| match arg {
                syn::FnArg::Typed(t) => Some(t.ty.to_token_stream().to_string()),
                syn::FnArg::Receiver(_) => None,
            })
            .collect();
        self.params.insert(f.sig.ident.to_string(), types);
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if call.method == "route" && call.args.len() == 2 {
            let path = match &call.args[0] {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => s.value(),
                other => other.to_token_stream().to_string(),
            };
            let mut handlers = Vec::new();
            method_router(&call.args[1], &mut handlers);
            for (method, handler) in handlers {
                self.routes.push((path.clone(), method, handler));
            }
        }
        syn::visit::visit_expr_method_call(self, call);
    }
}

/// The (method, handler) pairs of `get(a).post(b)`; a closure is named `<closure>`.
fn method_router(expr: &syn::Expr, out: &mut Vec<(String, String)>) {
    let handler = |arg: &syn::Expr| match arg {
        syn::Expr::Path(p) => p.path.segments.last().unwrap().ident.to_string(),
        _ => "<closure>".to_owned(),
    };
    match expr {
        syn::Expr::Call(call) => {
            if let syn::Expr::Path(f) = &*call.func {
                let name = f.path.segments.last().unwrap().ident.to_string();
                if METHODS.contains(&name.as_str()) && call.args.len() == 1 {
                    out.push((name, handler(&call.args[0])));
                }
            }
        }
        syn::Expr::MethodCall(call) => {
            method_router(&call.receiver, out);
            let name = call.method.to_string();
            if METHODS.contains(&name.as_str()) && call.args.len() == 1 {
                out.push((name, handler(&call.args[0])));
            }
        }
        _ => {}
    }
}

fn scan(file: &str, source: &str) -> Vec<Route> {
    let parsed = syn::parse_file(source).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut scan = FileScan::default();
    scan.visit_file(&parsed);
    scan.routes
        .into_iter()
        .map(|(path, method, handler)| {
            let params = scan.params.get(&handler).cloned().unwrap_or_default();
            let first_word = |t: &String| t.split([' ', '<']).next().unwrap_or("").to_owned();
            Route {
                file: file.to_owned(),
                guard: params
                    .iter()
                    .map(first_word)
                    .find(|w| GUARDS.contains(&w.as_str())),
                csrf: params.iter().any(|t| first_word(t) == "CsrfForm"),
                path,
                method,
                handler,
            }
        })
        .collect()
}

/// What is wrong with a route, if anything.
fn problem(route: &Route) -> Option<String> {
    let public_post = PUBLIC_POSTS.iter().any(|(p, _)| *p == route.path);
    if route.method == "post" && !route.csrf && !public_post {
        return Some(format!(
            "POST {} ({}) does not take CsrfForm",
            route.path, route.handler
        ));
    }
    let staff_area = ["/staff", "/admin", "/insights"]
        .iter()
        .any(|a| route.path == *a || route.path.starts_with(&format!("{a}/")));
    if staff_area && route.guard.is_none() && !PUBLIC_STAFF_PAGES.contains(&route.path.as_str()) {
        return Some(format!(
            "{} {} ({}) takes no Staff, Admin, Reader or SignedIn",
            route.method.to_uppercase(),
            route.path,
            route.handler
        ));
    }
    None
}

fn all_routes() -> Vec<Route> {
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
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    files
        .iter()
        .filter(|f| !f.ends_with("site/route_guards.rs"))
        .flat_map(|f| {
            let name = f.strip_prefix(&root).unwrap().display().to_string();
            scan(&name, &std::fs::read_to_string(f).unwrap())
        })
        .collect()
}

#[test]
fn every_route_states_its_guard_and_every_post_checks_its_token() {
    let routes = all_routes();
    println!(
        "{:<6} {:<44} {:<22} {:<9} CSRF",
        "Method", "Path", "Handler", "Guard"
    );
    for r in &routes {
        println!(
            "{:<6} {:<44} {:<22} {:<9} {}",
            r.method.to_uppercase(),
            r.path,
            r.handler,
            r.guard.as_deref().unwrap_or("-"),
            if r.csrf { "CsrfForm" } else { "-" }
        );
    }
    let posts = routes.iter().filter(|r| r.method == "post").count();
    assert!(
        routes.len() >= 40 && posts >= 20,
        "the scan found the router: {} routes, {posts} POST",
        routes.len()
    );
    let problems: Vec<String> = routes.iter().filter_map(problem).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    for (path, _) in PUBLIC_POSTS {
        assert!(
            routes.iter().any(|r| r.path == *path && r.method == "post"),
            "{path} is listed as a public POST but no longer exists: take it off the list"
        );
    }
}

#[test]
fn a_post_route_without_a_token_check_or_a_staff_page_without_a_guard_is_caught() {
    let source = r#"
        fn routes() -> Router<AppState> {
            Router::new()
                .route("/staff/new-thing", get(page).post(change))
                .route("/admin/other", post(other))
        }
        async fn page(State(s): State<AppState>) -> Response { todo!() }
        async fn change(Staff(user): Staff, Form(form): Form<X>) -> Response { todo!() }
        async fn other(Admin(user): Admin, CsrfForm(form): CsrfForm<Y>) -> Response { todo!() }
    "#;
    let routes = scan("example.rs", source);
    let problems: Vec<String> = routes.iter().filter_map(problem).collect();
    assert_eq!(
        problems,
        [
            "GET /staff/new-thing (page) takes no Staff, Admin, Reader or SignedIn",
            "POST /staff/new-thing (change) does not take CsrfForm",
        ]
    );
}
