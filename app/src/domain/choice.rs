//! The closed lists a resident chooses from. Their `slug` is the form value and the
//! stored value; labels come from the translation files (`kind-…`, `topic-…`, `status-…`).

macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $slug:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn slug(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }

            pub fn parse(input: &str) -> Option<Self> {
                match input { $($slug => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.slug())
            }
        }

        // Stored as its slug, so rows decode straight into the enum on either backend and a
        // value no variant names is a decoding error, not a string passed along.
        #[cfg(feature = "ssr")]
        impl<DB: sqlx::Database> sqlx::Type<DB> for $name
        where
            str: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as sqlx::Type<DB>>::type_info()
            }
            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as sqlx::Type<DB>>::compatible(ty)
            }
        }

        #[cfg(feature = "ssr")]
        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $name
        where
            &'r str: sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let slug = <&'r str as sqlx::Decode<'r, DB>>::decode(value)?;
                $name::parse(slug)
                    .ok_or_else(|| format!("no {} is called {slug:?}", stringify!($name)).into())
            }
        }

        #[cfg(feature = "ssr")]
        impl $crate::db::Value for $name {
            fn into_arg(self) -> $crate::db::Arg {
                $crate::db::Arg::Text(Some(self.slug().to_owned()))
            }
        }

        #[cfg(feature = "ssr")]
        impl $crate::db::Nullable for $name {
            const NULL: $crate::db::Arg = $crate::db::Arg::Text(None);
        }
    };
}

#[cfg(feature = "ssr")]
pub(crate) use choice;

choice! {
    /// What a resident is sending.
    Kind { Feedback => "feedback", Idea => "idea" }
}

choice! {
    /// What the feedback or idea is about.
    Topic {
        Housing => "housing",
        MoneyAndDebt => "money-and-debt",
        Benefits => "benefits",
        Employment => "employment",
        Volunteering => "volunteering",
        Parenting => "parenting",
        PhysicalActivity => "physical-activity",
        MentalWellbeing => "mental-wellbeing",
        Loneliness => "loneliness",
        Caring => "caring",
        Other => "other",
    }
}

choice! {
    /// Where a submission is in triage. Residents see it on their tracking page.
    Status {
        New => "new",
        InReview => "in-review",
        InProgress => "in-progress",
        Responded => "responded",
        Closed => "closed",
        Spam => "spam",
    }
}

impl Status {
    /// The statuses that still owe the resident an answer.
    pub const OPEN: [Status; 3] = [Status::New, Status::InReview, Status::InProgress];
}

choice! {
    /// How the submission reached us. Staff record the non-web ones.
    Channel { Web => "web", Phone => "phone", Paper => "paper", InPerson => "in-person", Interpreter => "interpreter" }
}

choice! {
    /// How soon staff should act on a submission. The portal sets `Urgent` when a message reads
    /// as someone at risk; staff change it on the item page.
    Priority { Normal => "normal", High => "high", Urgent => "urgent" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slug_parses_back_to_its_choice() {
        for t in Topic::ALL {
            assert_eq!(Topic::parse(t.slug()), Some(*t));
        }
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.slug()), Some(*k));
        }
        for s in Status::ALL {
            assert_eq!(Status::parse(s.slug()), Some(*s));
        }
        assert_eq!(Topic::ALL.len(), 11);
        assert_eq!(Topic::parse("Housing"), None);
        assert_eq!(Kind::parse(""), None);
    }
}
