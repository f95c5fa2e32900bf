-- The learned weights a write changed (a reaction: ~100 rows), appended here as one row in
-- that write's transaction instead of being rewritten in ``profile_weights``, where they lie on as
-- many pages of the B-tree, each written whole to the write-ahead log at the commit (~37 pages,
-- 150 KB, per reaction); appended, they fill a page or two. ``names``: a JSON list of feature
-- names; ``rows``: for each, mean, precision and at as 8-byte little-endian doubles. The
-- newest row of a feature wins: loading reads ``profile_weights``, then this log in order. A
-- ranking round (and a log past ``store.feedback.LOG_FOLD_WRITES`` writes) folds it into
-- ``profile_weights`` and empties it, in one transaction (store/feedback.py; docs/store.md).
CREATE TABLE profile_weights_log (
    id    INTEGER PRIMARY KEY,
    names TEXT NOT NULL,
    rows  BLOB NOT NULL
);
