//! Small-number suppression. A count from 1 to 4 could point at a person, so it is shown as
//! "fewer than 5". Where a group of counts is shown beside its total, one hidden cell could be
//! worked out by subtraction, so the next smallest cell is withheld as well.
//!
//! Hiding cells within one view is not enough: a commissioner can ask for two views that
//! differ by a few people (April to May, then April alone; every kind, then feedback alone)
//! and subtract. So every count a commissioner sees is rounded to the nearest 5
//! ([`Precision::NearestFive`]): two rounded counts leave their difference uncertain by up to
//! 4 either way, and [`possible`] is what a reader can still deduce from a shown count (the
//! property tests below try every pair). Staff and admins, who read the submissions
//! themselves, see exact counts. `docs/PRIVACY.md` gives the method.

/// A count as it may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Exact(i64),
    /// 1 to 4.
    FewerThanFive,
    /// Hidden only so that a "fewer than 5" cell cannot be worked out from the total
    /// (usually a cell of 5 or more; see [`group`]).
    Withheld,
}

/// How exact the shown counts are, by who reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// Staff and admins: they see the submissions themselves.
    Exact,
    /// Commissioners: every count from 5 up is rounded to the nearest 5 (halves up), so
    /// that no two views can be subtracted to give a count under 5.
    NearestFive,
}

impl Precision {
    /// A count of 5 or more as shown: 5, 6 and 7 show as 5, 8 to 12 as 10, and so on.
    fn apply(self, n: i64) -> i64 {
        match self {
            Precision::Exact => n,
            Precision::NearestFive => ((n + 2) / 5 * 5).max(5),
        }
    }
}

impl Shown {
    /// A count shown exactly, or "fewer than 5".
    pub fn one(n: i64) -> Shown {
        Shown::at(n, Precision::Exact)
    }

    /// A count at the reader's precision, or "fewer than 5".
    pub fn at(n: i64, precision: Precision) -> Shown {
        match n {
            1..5 => Shown::FewerThanFive,
            ..1 => Shown::Exact(n),
            _ => Shown::Exact(precision.apply(n)),
        }
    }

    /// The number to draw, when it may be shown.
    pub fn value(self) -> Option<i64> {
        match self {
            Shown::Exact(n) => Some(n),
            _ => None,
        }
    }
}

/// Suppresses a group of counts that add up to a total shown beside them.
///
/// Primary suppression hides every count from 1 to 4. If exactly one count is hidden that way,
/// the total minus the others would give it away, so the smallest other non-zero count is
/// withheld too. Two hidden cells only reveal their sum, which is the accepted standard.
///
/// Cells are chosen on the exact counts, then rounded to `precision`.
pub fn group(counts: &[i64], precision: Precision) -> Vec<Shown> {
    let mut shown: Vec<Shown> = counts.iter().map(|&n| Shown::one(n)).collect();
    let hidden = shown
        .iter()
        .filter(|s| matches!(s, Shown::FewerThanFive))
        .count();
    if hidden == 1 {
        let smallest = shown
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s {
                Shown::Exact(n) if *n > 0 => Some((*n, i)),
                _ => None,
            })
            .min();
        if let Some((_, i)) = smallest {
            shown[i] = Shown::Withheld;
        }
    }
    let round = |shown: &[Shown]| -> Vec<Shown> {
        shown
            .iter()
            .map(|s| match *s {
                Shown::Exact(n) => Shown::at(n, precision),
                other => other,
            })
            .collect()
    };
    // The total can still pin a hidden cell: two cells of 4 make 8, shown to commissioners
    // as 10, which means at least 8, so each must be 4. Withhold more until none is pinned:
    // the smallest cell still shown, or else a "fewer than 5" cell itself.
    let total = Shown::at(counts.iter().sum(), precision);
    while let Some(_pinned) = pinned_cell(total, &round(&shown), precision) {
        let next = shown
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s {
                Shown::Exact(n) if *n > 0 => Some((*n, i)),
                _ => None,
            })
            .min()
            .map(|(_, i)| i)
            .or_else(|| shown.iter().position(|s| *s == Shown::FewerThanFive));
        match next {
            Some(i) => shown[i] = Shown::Withheld,
            None => break,
        }
    }
    round(&shown)
}

/// A cell of `shown` that a reader pins to one count from 1 to 4.
fn pinned_cell(total: Shown, shown: &[Shown], precision: Precision) -> Option<usize> {
    (0..shown.len()).find(|&i| recovers_a_small_count(deduce(total, shown, i, precision)))
}

/// What a reader can work out about cell `i` of a group from what it shows and from the
/// group's `total` less what every other cell may be, as an inclusive range.
fn deduce(total: Shown, shown: &[Shown], i: usize, precision: Precision) -> (i64, i64) {
    let (mut lo, mut hi) = possible(total, precision);
    for (j, s) in shown.iter().enumerate() {
        if i != j {
            let (a, b) = possible(*s, precision);
            lo = lo.saturating_sub(b);
            hi = hi.saturating_sub(a);
        }
    }
    let (own_lo, own_hi) = possible(shown[i], precision);
    (lo.max(own_lo).max(0), hi.min(own_hi))
}

/// The true counts a reader can still believe behind `shown` at `precision`, as an inclusive
/// range (`i64::MAX` for "no upper bound").
pub fn possible(shown: Shown, precision: Precision) -> (i64, i64) {
    match (shown, precision) {
        (Shown::Exact(n), Precision::Exact) => (n, n),
        (Shown::Exact(n), Precision::NearestFive) if n <= 0 => (n, n),
        // 3 and 4 would have shown as "fewer than 5", so a 5 is 5, 6 or 7.
        (Shown::Exact(5), Precision::NearestFive) => (5, 7),
        (Shown::Exact(n), Precision::NearestFive) => (n - 2, n + 2),
        (Shown::FewerThanFive, _) => (1, 4),
        // Usually a cell of 5 or more, but a "fewer than 5" cell is withheld too when the
        // total would pin it (see `group`).
        (Shown::Withheld, _) => (1, i64::MAX),
    }
}

/// What subtracting the shown `part` from the shown `whole` (a view holding every
/// submission of the other and more) tells a reader about the count in between, as an
/// inclusive range. A count under 5 is recovered when this is one number from 1 to 4.
pub fn difference(whole: Shown, part: Shown, precision: Precision) -> (i64, i64) {
    let (whole_lo, whole_hi) = possible(whole, precision);
    let (part_lo, part_hi) = possible(part, precision);
    let lo = whole_lo.saturating_sub(part_hi).max(0);
    let hi = whole_hi.saturating_sub(part_lo);
    (lo, hi)
}

/// Whether a range a reader deduced pins a count from 1 to 4.
pub fn recovers_a_small_count((lo, hi): (i64, i64)) -> bool {
    lo == hi && (1..5).contains(&lo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Shown::*;

    #[test]
    fn zero_and_five_are_shown_one_to_four_are_not() {
        assert_eq!(Shown::one(0), Exact(0));
        assert_eq!(Shown::one(1), FewerThanFive);
        assert_eq!(Shown::one(4), FewerThanFive);
        assert_eq!(Shown::one(5), Exact(5));
    }

    #[test]
    fn commissioners_see_counts_to_the_nearest_five() {
        let at = |n| Shown::at(n, Precision::NearestFive);
        assert_eq!(at(0), Exact(0));
        assert_eq!(at(4), FewerThanFive);
        for (n, shown) in [(5, 5), (7, 5), (8, 10), (12, 10), (13, 15), (1234, 1235)] {
            assert_eq!(at(n), Exact(shown), "{n}");
            let (lo, hi) = possible(Exact(shown), Precision::NearestFive);
            assert!((lo..=hi).contains(&n), "{n} in {lo}..={hi}");
        }
    }

    #[test]
    fn exact_counts_subtract_to_the_small_count_rounded_ones_do_not() {
        // April to May: 12; April: 9. Exact, the 3 in May is plain to see.
        let (whole, part) = (12, 9);
        let exact = difference(Shown::one(whole), Shown::one(part), Precision::Exact);
        assert!(recovers_a_small_count(exact));
        let p = Precision::NearestFive;
        let rounded = difference(Shown::at(whole, p), Shown::at(part, p), p);
        assert!(!recovers_a_small_count(rounded), "{rounded:?}");
        assert!(rounded.0 <= 3 && 3 <= rounded.1);
    }

    #[test]
    fn a_single_hidden_cell_takes_the_next_smallest_with_it() {
        assert_eq!(
            group(&[3, 40, 7, 0], Precision::Exact),
            vec![FewerThanFive, Exact(40), Withheld, Exact(0)]
        );
    }

    #[test]
    fn two_hidden_cells_need_nothing_more() {
        assert_eq!(
            group(&[3, 40, 2, 9], Precision::Exact),
            vec![FewerThanFive, Exact(40), FewerThanFive, Exact(9)]
        );
    }

    #[test]
    fn nothing_small_means_nothing_hidden() {
        assert_eq!(
            group(&[5, 0, 12], Precision::Exact),
            vec![Exact(5), Exact(0), Exact(12)]
        );
        assert_eq!(
            group(&[5, 0, 12], Precision::NearestFive),
            vec![Exact(5), Exact(0), Exact(10)]
        );
    }

    #[test]
    fn no_cell_can_be_recovered_from_the_total() {
        // For any group shown with its total, no single hidden value can be worked out.
        for a in 0..8 {
            for b in 0..8 {
                for c in 0..8 {
                    let shown = group(&[a, b, c], Precision::Exact);
                    let hidden = shown.iter().filter(|s| s.value().is_none()).count();
                    // One hidden cell is safe only when the total is hidden too.
                    if hidden == 1 {
                        assert_eq!(Shown::one(a + b + c), FewerThanFive, "{a},{b},{c}");
                    }
                }
            }
        }
    }

    #[test]
    fn two_cells_of_four_are_not_pinned_by_their_rounded_total() {
        // 8 shows as 10 (8 to 12), and two "fewer than 5" cells can then only be 4 and 4.
        for precision in [Precision::Exact, Precision::NearestFive] {
            let shown = group(&[4, 4, 0], precision);
            let total = Shown::at(8, precision);
            assert_eq!(pinned_cell(total, &shown, precision), None, "{shown:?}");
            assert!(shown.iter().all(|s| s.value().is_none() || *s == Exact(0)));
        }
    }

    proptest::proptest! {
        /// Two views, one holding everything the other does and `extra` more: whatever the
        /// counts, subtracting what a commissioner is shown never pins `extra` when it is
        /// from 1 to 4, and the range deduced always holds the truth.
        #[test]
        fn no_two_nested_views_give_away_a_small_difference(part in 0i64..5000, extra in 0i64..40) {
            let p = Precision::NearestFive;
            let whole = part + extra;
            let deduced = difference(Shown::at(whole, p), Shown::at(part, p), p);
            proptest::prop_assert!(deduced.0 <= extra && extra <= deduced.1, "{deduced:?} for {extra}");
            proptest::prop_assert!(!recovers_a_small_count(deduced), "{whole} - {part} pinned {deduced:?}");
        }

        /// The same within a group shown with its total (the cells of "by kind" beside
        /// "submissions"): the total less every other cell never pins a cell under 5.
        #[test]
        fn no_cell_is_pinned_by_its_total_and_the_others(counts in proptest::collection::vec(0i64..30, 2..6)) {
            let p = Precision::NearestFive;
            let total: i64 = counts.iter().sum();
            let shown = group(&counts, p);
            for (i, &n) in counts.iter().enumerate() {
                let deduced = deduce(Shown::at(total, p), &shown, i, p);
                proptest::prop_assert!(deduced.0 <= n && n <= deduced.1, "{counts:?}: {deduced:?}");
                proptest::prop_assert!(!recovers_a_small_count(deduced), "{counts:?} cell {i}: {deduced:?}");
            }
        }
    }
}
