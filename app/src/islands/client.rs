//! The browser half of the islands: DOM work on the HTML the server drew. Every request goes
//! to the endpoint the plain form already uses (a GET of the inbox, a POST of the item form
//! with its CSRF token), and every page it reads back is the one a browser without
//! JavaScript would have been shown, so there is one way in and one set of words.

use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Document, Element, Event, HtmlElement, HtmlFormElement, KeyboardEvent};

/// How long the inbox waits after the last keystroke in a filter before it asks again.
const FILTER_PAUSE_MS: i32 = 300;
/// How often the inbox asks whether urgent items have arrived.
const URGENT_POLL_MS: i32 = 30_000;

fn window() -> web_sys::Window {
    web_sys::window().expect("islands run in a browser window")
}

fn document() -> Document {
    window().document().expect("a window has a document")
}

fn by_id(id: &str) -> Option<Element> {
    document().get_element_by_id(id)
}

fn html(el: Element) -> Option<HtmlElement> {
    el.dyn_into::<HtmlElement>().ok()
}

fn listen(target: &web_sys::EventTarget, event: &str, f: impl FnMut(Event) + 'static) {
    let cb = Closure::<dyn FnMut(Event)>::new(f);
    let _ = target.add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
    // Listeners live as long as the page.
    cb.forget();
}

fn after(ms: i32, f: impl FnOnce() + 'static) -> Option<i32> {
    window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            Closure::once_into_js(f).unchecked_ref(),
            ms,
        )
        .ok()
}

/// Says `text` through the island's polite live region.
fn announce(region: &str, text: &str) {
    if let Some(el) = by_id(region) {
        // Emptied first, so the same words said twice are heard twice.
        el.set_text_content(None);
        let text = text.trim().to_owned();
        let region = region.to_owned();
        after(50, move || {
            if let Some(el) = by_id(&region) {
                el.set_text_content(Some(&text));
            }
        });
    }
}

/// A page as the server answers it: the status, the address it ended on after redirects,
/// and the HTML parsed.
struct Page {
    status: u16,
    url: String,
    doc: Document,
}

async fn fetch_page(url: &str, init: Option<&web_sys::RequestInit>) -> Result<Page, JsValue> {
    let promise = match init {
        Some(init) => window().fetch_with_str_and_init(url, init),
        None => window().fetch_with_str(url),
    };
    let response: web_sys::Response = JsFuture::from(promise).await?.dyn_into()?;
    let text = JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    let doc =
        web_sys::DomParser::new()?.parse_from_string(&text, web_sys::SupportedType::TextHtml)?;
    Ok(Page {
        status: response.status(),
        url: response.url(),
        doc,
    })
}

/// The form's fields as `application/x-www-form-urlencoded`, as the browser would send it.
fn form_query(form: &HtmlFormElement) -> Result<String, JsValue> {
    let data = web_sys::FormData::new_with_form(form)?;
    let params = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&JsValue::from(data))?;
    Ok(String::from(params.to_string()))
}

/// Puts the content of element `id` in `from` into the element with that id here.
fn swap(from: &Document, id: &str) -> bool {
    match (by_id(id), from.get_element_by_id(id)) {
        (Some(here), Some(there)) => {
            here.set_inner_html(&there.inner_html());
            true
        }
        _ => false,
    }
}

/// The form inside an island's wrapper.
fn form_in(root: &HtmlElement, selector: &str) -> Option<HtmlFormElement> {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
}

fn text_of(doc: &Document, selector: &str) -> Option<String> {
    doc.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
}

// ---- keyboard triage ------------------------------------------------------------------

pub fn keys(_root: HtmlElement) {
    if let Some(hint) = by_id("keys-hint") {
        let _ = hint.remove_attribute("hidden");
    }
    // "/" on an item page comes back to the inbox with the search box ready.
    if window().location().hash().ok().as_deref() == Some("#q") {
        focus_search();
    }
    listen(&window(), "keydown", |event| {
        let Ok(e) = event.dyn_into::<KeyboardEvent>() else {
            return;
        };
        if e.default_prevented() || e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
        let key = e.key();
        if key == "Escape" {
            if help_open() {
                toggle_help();
                e.prevent_default();
            }
            return;
        }
        // Never a key typed into a form field.
        let in_field = target.as_ref().is_some_and(|t| {
            matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || t.dyn_ref::<HtmlElement>()
                    .is_some_and(|h| h.is_content_editable())
        });
        if in_field {
            return;
        }
        let handled = match key.as_str() {
            "j" => move_row(1) || follow("item-next"),
            "k" => move_row(-1) || follow("item-previous"),
            "Enter" => open_row(target.as_ref()),
            "x" => select_row(),
            "/" => focus_search(),
            "s" => focus_field("status"),
            "?" => toggle_help(),
            _ => false,
        };
        if handled {
            e.prevent_default();
        }
    });
}

fn rows() -> Vec<Element> {
    let Ok(list) = document().query_selector_all("tr.inbox__row") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

const CURRENT: &str = "inbox__row--current";

fn current_row(rows: &[Element]) -> Option<usize> {
    let active = document().active_element();
    rows.iter()
        .position(|r| active.as_ref().is_some_and(|a| r.contains(Some(a))))
        .or_else(|| rows.iter().position(|r| r.class_list().contains(CURRENT)))
}

fn row_link(row: &Element) -> Option<HtmlElement> {
    row.query_selector("a[href]").ok().flatten().and_then(html)
}

fn move_row(delta: i32) -> bool {
    let rows = rows();
    if rows.is_empty() {
        return false;
    }
    let next = match current_row(&rows) {
        None => 0,
        Some(i) => (i as i32 + delta).clamp(0, rows.len() as i32 - 1) as usize,
    };
    for r in &rows {
        let _ = r.class_list().remove_1(CURRENT);
    }
    let _ = rows[next].class_list().add_1(CURRENT);
    if let Some(link) = row_link(&rows[next]) {
        let _ = link.focus();
    }
    true
}

fn open_row(target: Option<&Element>) -> bool {
    // A focused link or button does what Enter always does.
    if target.is_some_and(|t| matches!(t.tag_name().as_str(), "A" | "BUTTON" | "SUMMARY")) {
        return false;
    }
    let rows = rows();
    match current_row(&rows).and_then(|i| row_link(&rows[i])) {
        Some(link) => {
            link.click();
            true
        }
        None => false,
    }
}

fn select_row() -> bool {
    let rows = rows();
    let Some(i) = current_row(&rows) else {
        return false;
    };
    match rows[i]
        .query_selector("input[type=checkbox]")
        .ok()
        .flatten()
        .and_then(html)
    {
        Some(checkbox) => {
            checkbox.click();
            if let Some(link) = row_link(&rows[i]) {
                let _ = link.focus();
            }
            true
        }
        None => false,
    }
}

fn follow(id: &str) -> bool {
    match by_id(id).and_then(|a| a.get_attribute("href")) {
        Some(href) => window().location().set_href(&href).is_ok(),
        None => false,
    }
}

fn focus_field(id: &str) -> bool {
    match by_id(id).and_then(html) {
        Some(field) => field.focus().is_ok(),
        None => false,
    }
}

fn focus_search() -> bool {
    if let Some(q) = by_id("q").and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        let _ = q.focus();
        q.select();
        return true;
    }
    let back = document()
        .query_selector(".item-nav .back-link")
        .ok()
        .flatten()
        .and_then(|a| a.get_attribute("href"));
    match back {
        Some(href) => window()
            .location()
            .set_href(&format!("{}#q", href.split('#').next().unwrap_or("/staff")))
            .is_ok(),
        None => false,
    }
}

fn help_open() -> bool {
    by_id("keys-help").is_some_and(|h| !h.has_attribute("hidden"))
}

fn toggle_help() -> bool {
    let Some(help) = by_id("keys-help") else {
        return false;
    };
    if help.has_attribute("hidden") {
        let _ = help.remove_attribute("hidden");
        if let Some(h) = html(help) {
            let _ = h.focus();
        }
    } else {
        let _ = help.set_attribute("hidden", "");
    }
    true
}

// ---- inbox filters and urgent arrivals -------------------------------------------------

pub fn inbox(root: HtmlElement) {
    let Some(form) = form_in(&root, "form.filters") else {
        return;
    };
    let pending: Rc<Cell<Option<i32>>> = Rc::default();
    let latest: Rc<Cell<u32>> = Rc::default();
    let schedule = {
        let form = form.clone();
        move |pause: i32| {
            if let Some(handle) = pending.take() {
                window().clear_timeout_with_handle(handle);
            }
            let form = form.clone();
            let latest = latest.clone();
            pending.set(after(pause, move || {
                let n = latest.get().wrapping_add(1);
                latest.set(n);
                spawn_local(async move {
                    let url = match form_query(&form) {
                        Ok(query) => format!("/staff?{query}"),
                        Err(_) => return,
                    };
                    if refresh(&url, n, &latest).await.is_err() {
                        // Whatever went wrong, the plain page still works.
                        let _ = window().location().set_href(&url);
                    }
                });
            }));
        }
    };
    let schedule = Rc::new(schedule);
    // The search box applies as staff type; the others (dates among them, which would be
    // wrong half-typed) when they change.
    for (event, in_search, pause) in [("input", true, FILTER_PAUSE_MS), ("change", false, 0)] {
        let schedule = schedule.clone();
        listen(&form, event, move |e| {
            let search = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .is_some_and(|t| t.id() == "q");
            if search == in_search {
                schedule(pause);
            }
        });
    }
    {
        let schedule = schedule.clone();
        listen(&form, "submit", move |e| {
            e.prevent_default();
            schedule(0);
        });
    }
    let every = Closure::<dyn FnMut()>::new(|| spawn_local(poll_urgent()));
    let _ = window().set_interval_with_callback_and_timeout_and_arguments_0(
        every.as_ref().unchecked_ref(),
        URGENT_POLL_MS,
    );
    every.forget();
}

/// Fetches the inbox for `url` and shows it, unless a newer request has started since.
async fn refresh(url: &str, n: u32, latest: &Cell<u32>) -> Result<(), JsValue> {
    let results = by_id("inbox-results").ok_or(JsValue::NULL)?;
    results.set_attribute("aria-busy", "true")?;
    let page = fetch_page(url, None).await;
    if latest.get() != n {
        return Ok(());
    }
    results.remove_attribute("aria-busy")?;
    let page = page?;
    // Signed out, or something else answered: let the browser go there properly.
    if page.doc.get_element_by_id("inbox-results").is_none() {
        return Err(JsValue::NULL);
    }
    swap(&page.doc, "inbox-results");
    swap(&page.doc, "inbox-errors");
    window()
        .history()?
        .replace_state_with_url(&JsValue::NULL, "", Some(url))?;
    let said = text_of(&page.doc, "#inbox-count")
        .or_else(|| text_of(&page.doc, ".error-summary"))
        .unwrap_or_default();
    announce("inbox-live", &said);
    Ok(())
}

async fn poll_urgent() {
    if document().hidden() {
        return;
    }
    let location = window().location();
    let url = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    let Ok(page) = fetch_page(&url, None).await else {
        return;
    };
    if page.status != 200 {
        return;
    }
    let Ok(arrived) = page.doc.query_selector_all("tr.inbox__row--urgent") else {
        return;
    };
    let new: Vec<Element> = (0..arrived.length())
        .filter_map(|i| arrived.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter(|row| {
            let id = row
                .query_selector("input[name=reference]")
                .ok()
                .flatten()
                .map(|input| input.id());
            id.is_some_and(|id| !id.is_empty() && by_id(&id).is_none())
        })
        .collect();
    if new.is_empty() {
        return;
    }
    for row in &new {
        let _ = row.class_list().add_1("inbox__row--new");
    }
    match document()
        .query_selector("#inbox-results tbody")
        .ok()
        .flatten()
    {
        Some(body) => {
            for row in new.iter().rev() {
                let _ = body.insert_adjacent_html("afterbegin", &row.outer_html());
            }
        }
        // The list was empty: the whole answer is the list now.
        None => {
            swap(&page.doc, "inbox-results");
        }
    }
    if let Some(said) = by_id("inbox-urgent-arrived").and_then(|e| e.text_content()) {
        announce("inbox-live", &said);
    }
}

// ---- the item page's update form -------------------------------------------------------

pub fn item_update(root: HtmlElement) {
    let Some(form) = form_in(&root, "form.item-form") else {
        return;
    };
    let busy = Rc::new(Cell::new(false));
    let target = form.clone();
    listen(&target, "submit", move |e| {
        e.prevent_default();
        if busy.replace(true) {
            return;
        }
        let form = form.clone();
        let busy = busy.clone();
        spawn_local(async move {
            let outcome = save(&form).await;
            busy.set(false);
            match outcome {
                Ok(()) => {}
                // Nothing reached the server: the plain form sends it instead.
                Err(Unsent) => form.submit().unwrap_or_default(),
            }
        });
    });
}

struct Unsent;

async fn save(form: &HtmlFormElement) -> Result<(), Unsent> {
    let body = form_query(form).map_err(|_| Unsent)?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&body));
    let headers = web_sys::Headers::new().map_err(|_| Unsent)?;
    headers
        .set("content-type", "application/x-www-form-urlencoded")
        .map_err(|_| Unsent)?;
    init.set_headers(&headers);
    let _ = form.set_attribute("aria-busy", "true");
    let page = fetch_page(&form.action(), Some(&init)).await;
    let _ = form.remove_attribute("aria-busy");
    let page = page.map_err(|_| Unsent)?;
    let Some(answer) = page.doc.query_selector("form.item-form").ok().flatten() else {
        // Signed out meanwhile, or another page answered: show it as the browser would.
        let _ = window().location().set_href(&page.url);
        return Ok(());
    };
    form.set_inner_html(&answer.inner_html());
    let errors = by_id("item-update-errors");
    if page.status < 400 {
        swap(&page.doc, "history-table");
        if let Some(errors) = &errors {
            errors.set_inner_html("");
        }
        if let Some(button) = form
            .query_selector("button[type=submit]")
            .ok()
            .flatten()
            .and_then(html)
        {
            let _ = button.focus();
        }
        announce(
            "item-update-live",
            &text_of(&page.doc, "#saved").unwrap_or_default(),
        );
    } else if let Some(errors) = errors {
        let summary = page
            .doc
            .query_selector(".error-summary")
            .ok()
            .flatten()
            .map(|s| s.outer_html())
            .unwrap_or_default();
        errors.set_inner_html(&summary);
        if let Some(summary) = errors
            .query_selector(".error-summary")
            .ok()
            .flatten()
            .and_then(html)
        {
            let _ = summary.focus();
        }
    }
    Ok(())
}
