//! The inbox filter: the query string as typed ([`InboxFilter`], kept to fill the form and
//! build page links) and the same filter checked once into [`Inbox`] for the query. A value
//! that is not a date or not one of the choices gets the inbox again with an error summary,
//! as a 422, and no submission is read.

use crate::domain::{Kind, Priority, Status, Topic};
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
    pub page: Option<u32>,
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

    /// The filter as the audit log keeps it: the search words are left out, because staff
    /// search with words of a message, which must go when the message is erased.
    pub fn for_audit(&self) -> String {
        let without_search = InboxFilter {
            q: String::new(),
            ..self.clone()
        };
        let query = without_search.query_for_page(self.page.unwrap_or(1));
        if self.q.trim().is_empty() {
            query
        } else {
            format!("search text not recorded; {query}")
        }
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
    /// Lower-case words to find in the message, without SQL wildcards.
    pub search: Option<String>,
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
    /// From 1.
    pub page: u32,
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
        let search = self.q.trim().to_lowercase().replace(['%', '_'], "");
        let practice = self.practice.trim();
        Ok(Inbox {
            search: (!search.is_empty()).then_some(search),
            status,
            kind,
            topic,
            practice: (!practice.is_empty()).then(|| practice.to_owned()),
            priority,
            assignee,
            urgent_only: self.urgent.is_some(),
            from,
            to,
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
        assert_eq!(inbox.search.as_deref(), Some("damp flat 100"));
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
}
