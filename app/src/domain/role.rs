//! Who a member of staff is to the portal, and which roles must sign in with two factors.

super::choice! {
    /// What a member of staff may do. Stored as its slug.
    Role {
        /// Manages accounts, practices, routing and retention; does everything staff do.
        Admin => "admin",
        /// The triage team, social prescribers and managers.
        Staff => "staff",
        /// Read-only insights; never sees personal data.
        Commissioner => "commissioner",
    }
}

impl Role {
    /// May open submissions and see residents' contact details.
    pub fn can_triage(self) -> bool {
        matches!(self, Role::Admin | Role::Staff)
    }
}

/// Which roles must have two-factor sign-in on (`PORTAL_REQUIRE_TWO_FACTOR`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TwoFactorRequirement {
    roles: [bool; 3],
}

impl TwoFactorRequirement {
    pub const NOBODY: TwoFactorRequirement = TwoFactorRequirement { roles: [false; 3] };
    pub const ADMINS: TwoFactorRequirement = TwoFactorRequirement {
        roles: [true, false, false],
    };

    fn index(role: Role) -> usize {
        match role {
            Role::Admin => 0,
            Role::Staff => 1,
            Role::Commissioner => 2,
        }
    }

    pub fn applies_to(self, role: Role) -> bool {
        self.roles[Self::index(role)]
    }
}

impl Default for TwoFactorRequirement {
    fn default() -> Self {
        TwoFactorRequirement::ADMINS
    }
}

/// `true` (admins, the default), `all`, `false`, or the roles that must, comma-separated
/// (`admin,staff`).
impl std::str::FromStr for TwoFactorRequirement {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "admins" => return Ok(TwoFactorRequirement::ADMINS),
            "all" | "everyone" => return Ok(TwoFactorRequirement { roles: [true; 3] }),
            "false" | "no" | "off" | "none" | "nobody" => return Ok(TwoFactorRequirement::NOBODY),
            _ => {}
        }
        let mut required = TwoFactorRequirement::NOBODY;
        for part in s.split(',') {
            let slug = part.trim().to_ascii_lowercase();
            let role = Role::parse(slug.trim_end_matches('s')).ok_or_else(|| {
                format!(
                    "`{}` is not `true`, `false`, `all` or a role (admin, staff, commissioner)",
                    part.trim()
                )
            })?;
            required.roles[Self::index(role)] = true;
        }
        Ok(required)
    }
}

impl std::fmt::Display for TwoFactorRequirement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let roles: Vec<&str> = Role::ALL
            .iter()
            .filter(|r| self.applies_to(**r))
            .map(|r| r.slug())
            .collect();
        if roles.is_empty() {
            f.write_str("false")
        } else {
            f.write_str(&roles.join(","))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_names_the_roles_that_must() {
        let parse = |s: &str| s.parse::<TwoFactorRequirement>();
        assert_eq!(parse("true"), Ok(TwoFactorRequirement::ADMINS));
        assert_eq!(
            TwoFactorRequirement::default(),
            TwoFactorRequirement::ADMINS
        );
        assert_eq!(parse("false"), Ok(TwoFactorRequirement::NOBODY));
        let all = parse("all").unwrap();
        assert!(Role::ALL.iter().all(|r| all.applies_to(*r)));
        let some = parse("admin, staff").unwrap();
        assert!(some.applies_to(Role::Admin) && some.applies_to(Role::Staff));
        assert!(!some.applies_to(Role::Commissioner));
        assert_eq!(some.to_string(), "admin,staff");
        assert_eq!(parse(&some.to_string()), Ok(some));
        assert!(parse("sometimes").is_err());
        assert!(parse("admin,nobody").is_err());
    }
}
