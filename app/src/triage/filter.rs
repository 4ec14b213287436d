//! The inbox filter: the query string as typed ([`InboxFilter`], kept to fill the form and
//! build page links) and the same filter checked once into [`Inbox`] for the query. A value
//! that is not a date or not one of the choices gets the inbox again with an error summary,
//! as a 422, and no submission is read.

use crate::domain::{ContactEmail, Kind, PhoneNumber, Priority, Reference, Status, Topic};
use chrono::NaiveDate;

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct InboxFilter {
    pub q: String,
    pub status: String,
    pub kind: String,
    pub topic: String,
    pub practice: String,
    pub priority: String,
    /// `me`, `none`, or a staff id.
    pub assignee: String,
    pub urgent: Option<String>,
    pub from: String,
    pub to: String,
    /// `newest` (the default), `oldest` or `due`.
    pub sort: String,
    /// `yes` for open items past their reply date.
    pub overdue: String,
    pub page: Option<u32>,
    /// How many items a bulk action just changed, for the notice after its redirect.
    pub done: Option<usize>,
}

impl InboxFilter {
    /// The query string for this filter on another page, for pagination links.
    pub fn query_for_page(&self, page: u32) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &self.q),
            ("status", &self.status),
            ("kind", &self.kind),
            ("topic", &self.topic),
            ("practice", &self.practice),
            ("priority", &self.priority),
            ("assignee", &self.assignee),
            ("from", &self.from),
            ("to", &self.to),
            ("sort", &self.sort),
            ("overdue", &self.overdue),
        ] {
            if !v.is_empty() {
                q.append_pair(k, v);
            }
        }
        if self.urgent.is_some() {
            q.append_pair("urgent", "on");
        }
        q.append_pair("page", &page.to_string());
        q.finish()
    }

    /// The filter without its page, for the item page's "previous" and "next" links and the
    /// way back to the same inbox view.
    pub fn query_without_page(&self) -> String {
        let mut q = self.query_for_page(1);
        if let Some(stripped) = q.strip_suffix("page=1") {
            q = stripped.trim_end_matches('&').to_owned();
        }
        q
    }

    /// The filter as the audit log keeps it. Search text is left out: words and names are
    /// a resident's (they must go when the message is erased) and an email or phone number
    /// is contact details, recorded only as "contact search". A reference is kept.
    pub fn for_audit(&self) -> String {
        let without_search = InboxFilter {
            q: String::new(),
            ..self.clone()
        };
        let query = without_search.query_for_page(self.page.unwrap_or(1));
        match Search::parse(&self.q) {
            None => query,
            Some(Search::Reference(r)) => format!("reference search {}; {query}", r.as_str()),
            Some(Search::Email(_) | Search::Phone(_)) => format!("contact search; {query}"),
            Some(Search::Words(_)) => format!("search text not recorded; {query}"),
        }
    }
}

/// What staff typed in the search box, read as what it looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    /// A reference, with or without its dash, any case. Its symbols are also searched as a
    /// word, in case a ten-letter word happens to read as a reference.
    Reference(Reference),
    /// An email address, lower-cased: contact emails are matched whatever their case.
    Email(String),
    /// A phone number in the form it is stored in (+44…), however it was typed.
    Phone(String),
    /// Words, each matched as the start of a word of a message, its sender's name, a note
    /// or a reply; all of them in the same text.
    Words(Vec<String>),
}

/// At most this many words are searched for; more narrow nothing in practice.
const MAX_WORDS: usize = 8;

impl Search {
    pub fn parse(q: &str) -> Option<Search> {
        let q = q.trim();
        if q.is_empty() {
            return None;
        }
        if let Ok(reference) = Reference::parse(q) {
            return Some(Search::Reference(reference));
        }
        if q.contains('@') {
            if let Ok(email) = ContactEmail::parse(q) {
                return Some(Search::Email(email.as_str().to_lowercase()));
            }
        }
        if q.chars().filter(char::is_ascii_digit).count() >= 9 {
            if let Ok(phone) = PhoneNumber::parse(q) {
                return Some(Search::Phone(phone.as_str().to_owned()));
            }
        }
        let words = Search::words(q);
        (!words.is_empty()).then_some(Search::Words(words))
    }

    /// The words of `q`, lower-cased: split at spaces and ASCII punctuation, so what is left
    /// carries no search-syntax character on either database. Other scripts pass whole.
    pub fn words(q: &str) -> Vec<String> {
        q.split(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .take(MAX_WORDS)
            .collect()
    }
}

/// Whose submissions the inbox shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignee {
    Anyone,
    /// The member of staff looking.
    Me,
    Nobody,
    Staff(i64),
}

/// The inbox filter, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inbox {
    pub search: Option<Search>,
    pub status: Option<Status>,
    pub kind: Option<Kind>,
    pub topic: Option<Topic>,
    /// A practice code; one that names no practice matches nothing.
    pub practice: Option<String>,
    pub priority: Option<Priority>,
    pub assignee: Assignee,
    pub urgent_only: bool,
    /// Received on or after this day.
    pub from: Option<NaiveDate>,
    /// Received on or before this day.
    pub to: Option<NaiveDate>,
    pub sort: Sort,
    /// Only open items past their reply date.
    pub overdue_only: bool,
    /// From 1.
    pub page: u32,
}

/// The order of the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Newest,
    Oldest,
    /// Open items first, the soonest due (the oldest) at the top; then the rest, newest
    /// first. A reply date only moves with the day received, so this needs no stored date.
    Due,
}

/// What is wrong with a filter, by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InboxError {
    /// A select box's value that is none of its options.
    Choice(&'static str),
    From,
    To,
    Order,
}

impl InboxError {
    /// The field the error summary links to.
    pub fn field(self) -> &'static str {
        match self {
            InboxError::Choice(field) => field,
            InboxError::From | InboxError::Order => "from",
            InboxError::To => "to",
        }
    }
}

fn choice<T>(
    field: &'static str,
    value: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, InboxError> {
    match value.trim() {
        "" => Ok(None),
        v => parse(v).map(Some).ok_or(InboxError::Choice(field)),
    }
}

fn date(value: &str, error: InboxError) -> Result<Option<NaiveDate>, InboxError> {
    match value.trim() {
        "" => Ok(None),
        v => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| error),
    }
}

/// The value of a field that checked out; a field that did not is noted in `errors`.
fn keep<T>(errors: &mut Vec<InboxError>, checked: Result<Option<T>, InboxError>) -> Option<T> {
    checked.unwrap_or_else(|e| {
        errors.push(e);
        None
    })
}

impl InboxFilter {
    /// Checks every field; all the problems are listed at once.
    pub fn parse(&self) -> Result<Inbox, Vec<InboxError>> {
        let mut errors = Vec::new();
        let status = keep(&mut errors, choice("status", &self.status, Status::parse));
        let kind = keep(&mut errors, choice("kind", &self.kind, Kind::parse));
        let topic = keep(&mut errors, choice("topic", &self.topic, Topic::parse));
        let priority = keep(
            &mut errors,
            choice("priority", &self.priority, Priority::parse),
        );
        let assignee = keep(
            &mut errors,
            choice("assignee", &self.assignee, |v| match v {
                "me" => Some(Assignee::Me),
                "none" => Some(Assignee::Nobody),
                id => id.parse().ok().map(Assignee::Staff),
            }),
        )
        .unwrap_or(Assignee::Anyone);
        let sort = keep(
            &mut errors,
            choice("sort", &self.sort, |v| match v {
                "newest" => Some(Sort::Newest),
                "oldest" => Some(Sort::Oldest),
                "due" => Some(Sort::Due),
                _ => None,
            }),
        )
        .unwrap_or_default();
        let overdue_only = keep(
            &mut errors,
            choice("overdue", &self.overdue, |v| match v {
                "yes" | "on" => Some(true),
                "no" => Some(false),
                _ => None,
            }),
        )
        .unwrap_or(false);
        let from = keep(&mut errors, date(&self.from, InboxError::From));
        let to = keep(&mut errors, date(&self.to, InboxError::To));
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                errors.push(InboxError::Order);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let practice = self.practice.trim();
        Ok(Inbox {
            search: Search::parse(&self.q),
            status,
            kind,
            topic,
            practice: (!practice.is_empty()).then(|| practice.to_owned()),
            priority,
            assignee,
            urgent_only: self.urgent.is_some(),
            from,
            to,
            sort,
            overdue_only,
            page: self.page.unwrap_or(1).max(1),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(f: impl FnOnce(&mut InboxFilter)) -> InboxFilter {
        let mut filter = InboxFilter::default();
        f(&mut filter);
        filter
    }

    #[test]
    fn an_empty_filter_shows_everything_from_the_first_page() {
        let inbox = InboxFilter::default().parse().unwrap();
        assert_eq!(inbox.assignee, Assignee::Anyone);
        assert_eq!((inbox.status, inbox.search, inbox.page), (None, None, 1));
    }

    #[test]
    fn choices_and_dates_are_read_into_their_types() {
        let inbox = filter(|f| {
            f.q = "  Damp FLAT 100%_ ".into();
            f.status = "in-review".into();
            f.priority = "urgent".into();
            f.assignee = "42".into();
            f.from = "2026-01-01".into();
            f.to = "2026-01-31".into();
            f.page = Some(0);
        })
        .parse()
        .unwrap();
        assert_eq!(
            inbox.search,
            Some(Search::Words(vec![
                "damp".into(),
                "flat".into(),
                "100".into()
            ]))
        );
        assert_eq!(inbox.status, Some(Status::InReview));
        assert_eq!(inbox.priority, Some(Priority::Urgent));
        assert_eq!(inbox.assignee, Assignee::Staff(42));
        assert_eq!(inbox.from, NaiveDate::from_ymd_opt(2026, 1, 1));
        assert_eq!(inbox.page, 1);
    }

    #[test]
    fn every_bad_value_is_reported_at_once() {
        let errors = filter(|f| {
            f.status = "lost".into();
            f.topic = "Housing".into();
            f.assignee = "someone".into();
            f.from = "31/01/2026".into();
            f.to = "2026-02-30".into();
        })
        .parse()
        .unwrap_err();
        assert_eq!(
            errors,
            vec![
                InboxError::Choice("status"),
                InboxError::Choice("topic"),
                InboxError::Choice("assignee"),
                InboxError::From,
                InboxError::To,
            ]
        );
        let order = filter(|f| {
            f.from = "2026-02-01".into();
            f.to = "2026-01-01".into();
        })
        .parse()
        .unwrap_err();
        assert_eq!(order, vec![InboxError::Order]);
    }

    #[test]
    fn a_search_is_read_as_a_reference_an_email_a_phone_number_or_words() {
        let reference = Reference::from_random([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        let (head, tail) = reference.as_str().split_at(5);
        for typed in [
            reference.as_str().to_owned(),
            format!("{head}-{tail}"),
            format!(" {}-{} ", head.to_lowercase(), tail.to_lowercase()),
        ] {
            assert_eq!(
                Search::parse(&typed),
                Some(Search::Reference(reference.clone())),
                "{typed}"
            );
        }
        assert_eq!(
            Search::parse(" Resident@Example.ORG "),
            Some(Search::Email("resident@example.org".into()))
        );
        for typed in [
            "07700 900123",
            "+44 7700 900 123",
            "0044 7700-900123",
            "07700900123",
        ] {
            assert_eq!(
                Search::parse(typed),
                Some(Search::Phone("+447700900123".into())),
                "{typed}"
            );
        }
        assert_eq!(
            Search::parse("Damp, MOULD* \"OR\" (flat)"),
            Some(Search::Words(vec![
                "damp".into(),
                "mould".into(),
                "or".into(),
                "flat".into()
            ]))
        );
        assert_eq!(Search::parse("  "), None);
        assert_eq!(Search::parse("%_*\"()"), None);
        assert_eq!(
            Search::parse("বিদ্যুৎ বিল"),
            Some(Search::Words(vec!["বিদ্যুৎ".into(), "বিল".into()]))
        );
    }

    #[test]
    fn contact_details_searched_for_are_never_in_the_audit_detail() {
        for q in ["resident@example.org", "07700 900123"] {
            let detail = InboxFilter {
                q: q.into(),
                ..Default::default()
            }
            .for_audit();
            assert_eq!(detail, "contact search; page=1", "{q}");
        }
    }

    #[test]
    fn sort_and_overdue_are_choices() {
        let inbox = filter(|f| {
            f.sort = "due".into();
            f.overdue = "yes".into();
        })
        .parse()
        .unwrap();
        assert_eq!((inbox.sort, inbox.overdue_only), (Sort::Due, true));
        let errors = filter(|f| {
            f.sort = "random".into();
            f.overdue = "maybe".into();
        })
        .parse()
        .unwrap_err();
        assert_eq!(
            errors,
            vec![InboxError::Choice("sort"), InboxError::Choice("overdue")]
        );
    }
}
