-- The insights breakdowns group a range of roll-up rows by everything but the period. The
-- primary keys lead with the period, so SQLite sorted tens of thousands of rows per page
-- view (the weekly view at a million submissions: 90 ms for the cells alone). These
-- covering indexes lead with the grouping columns instead: the cells are read in group
-- order with no sort, and themes and reply times seek each theme or bucket and read only
-- the periods in range. `n` is in each index so no row is looked up.
CREATE INDEX insight_counts_by_cell
    ON insight_counts (grain, kind, topic, practice_id, status, urgent, safeguarding, start, n);
CREATE INDEX insight_themes_by_theme
    ON insight_themes (grain, theme, start, kind, topic, practice_id, n);
CREATE INDEX insight_replies_by_days
    ON insight_replies (days, start, kind, topic, practice_id, n);
