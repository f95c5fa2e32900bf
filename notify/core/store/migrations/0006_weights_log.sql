-- The learned weights a reaction changed, appended here in its own transaction instead of
-- being rewritten in ``profile_weights``: a reaction changes ~100 rows, which lie on as many
-- pages of that B-tree, each written whole to the write-ahead log at the commit (~37 pages,
-- 150 KB, per reaction); appended, they fill one or two pages. The newest row of a feature
-- wins: loading reads ``profile_weights``, then this log in order. A ranking round (and a log
-- past ``store.feedback.LOG_FOLD_ROWS`` rows) folds the log into ``profile_weights`` and
-- empties it, in one transaction (store/feedback.py ``fold_weights``; docs/store.md).
CREATE TABLE profile_weights_log (
    id        INTEGER PRIMARY KEY,
    feature   TEXT NOT NULL,
    mean      REAL NOT NULL,
    precision REAL NOT NULL,
    at        REAL NOT NULL
);
