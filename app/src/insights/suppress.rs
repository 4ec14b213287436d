//! Small-number suppression. A count from 1 to 4 could point at a person, so it is shown as
//! "fewer than 5". Where a group of counts is shown beside its total, one hidden cell could be
//! worked out by subtraction, so the next smallest cell is withheld as well.

/// A count as it may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Exact(i64),
    /// 1 to 4.
    FewerThanFive,
    /// Hidden only so that a "fewer than 5" cell cannot be worked out from the total.
    Withheld,
}

impl Shown {
    pub fn one(n: i64) -> Shown {
        if (1..5).contains(&n) {
            Shown::FewerThanFive
        } else {
            Shown::Exact(n)
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
pub fn group(counts: &[i64]) -> Vec<Shown> {
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
    shown
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
    fn a_single_hidden_cell_takes_the_next_smallest_with_it() {
        assert_eq!(
            group(&[3, 40, 7, 0]),
            vec![FewerThanFive, Exact(40), Withheld, Exact(0)]
        );
    }

    #[test]
    fn two_hidden_cells_need_nothing_more() {
        assert_eq!(
            group(&[3, 40, 2, 9]),
            vec![FewerThanFive, Exact(40), FewerThanFive, Exact(9)]
        );
    }

    #[test]
    fn nothing_small_means_nothing_hidden() {
        assert_eq!(group(&[5, 0, 12]), vec![Exact(5), Exact(0), Exact(12)]);
    }

    #[test]
    fn no_cell_can_be_recovered_from_the_total() {
        // For any group shown with its total, no single hidden value can be worked out.
        for a in 0..8 {
            for b in 0..8 {
                for c in 0..8 {
                    let shown = group(&[a, b, c]);
                    let hidden = shown.iter().filter(|s| s.value().is_none()).count();
                    // One hidden cell is safe only when the total is hidden too.
                    if hidden == 1 {
                        assert_eq!(Shown::one(a + b + c), FewerThanFive, "{a},{b},{c}");
                    }
                }
            }
        }
    }
}
