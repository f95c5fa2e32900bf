-- Notify schema v1. Times are POSIX seconds (UTC, REAL). JSON columns hold arrays/objects.
-- Secrets never appear here: a source's settings reference a keyring entry by id.

CREATE TABLE sources (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: scripts name sources by id
    kind         TEXT    NOT NULL,
    url          TEXT    NOT NULL,
    title        TEXT    NOT NULL DEFAULT '',
    group_name   TEXT    NOT NULL DEFAULT '',
    settings     TEXT    NOT NULL DEFAULT '{}',
    interval_s   INTEGER,
    enabled      INTEGER NOT NULL DEFAULT 1,
    muted        INTEGER NOT NULL DEFAULT 0,
    html_url     TEXT    NOT NULL DEFAULT '',
    created_at   REAL    NOT NULL,
    UNIQUE (kind, url)
);

CREATE TABLE source_state (
    source_id            INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    etag                 TEXT,
    last_modified        TEXT,
    last_attempt         REAL,
    last_success         REAL,
    last_error           TEXT,
    last_error_kind      TEXT,
    next_attempt         REAL,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    moved_to             TEXT,
    moved_count          INTEGER NOT NULL DEFAULT 0,
    moved_notice         TEXT,
    ttl_s                INTEGER,
    disabled_reason      TEXT,
    cursor               TEXT NOT NULL DEFAULT '{}',
    item_rate_per_day    REAL,
    listed_at            REAL,              -- items.last_seen of the items it lists (poll.py)
    last_warning         TEXT,              -- the last read's trouble, cleared by a clean read
    server_retry_at      REAL,              -- Retry-After: not polled before, even when forced
    own_title            TEXT               -- the name the source gives itself, as last read
);

CREATE TABLE items (
    id              INTEGER PRIMARY KEY,
    source_id       INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    key             TEXT    NOT NULL,
    title           TEXT    NOT NULL DEFAULT '',
    link            TEXT,
    summary_html    TEXT    NOT NULL DEFAULT '',
    summary_text    TEXT    NOT NULL DEFAULT '',
    authors         TEXT    NOT NULL DEFAULT '[]',
    tags            TEXT    NOT NULL DEFAULT '[]',
    published       REAL,
    updated         REAL,
    enclosure       TEXT,
    first_seen      REAL    NOT NULL,
    last_seen       REAL,             -- last poll whose response listed it (retention)
    content_hash    TEXT    NOT NULL DEFAULT '',
    score           REAL,
    decision        TEXT,             -- notify | digest | silent
    decision_reason TEXT,
    notified_at     REAL,
    group_key       TEXT,             -- same story across sources
    reaction        TEXT,             -- like | dismiss | open | ignore (latest)
    saved           INTEGER NOT NULL DEFAULT 0,
    read            INTEGER NOT NULL DEFAULT 0,
    backlog         INTEGER NOT NULL DEFAULT 0,  -- came with a newly added source: never notified
    UNIQUE (source_id, key)
);
CREATE INDEX items_first_seen ON items(first_seen DESC);
-- "Newest first" (store/items.py SORT_TIME, NEWEST_FIRST: the same expression, or it is unused)
CREATE INDEX items_sort_time ON items(MIN(COALESCE(published, updated, first_seen), first_seen) DESC, id);
CREATE INDEX items_source ON items(source_id, first_seen DESC);
CREATE INDEX items_notified ON items(notified_at) WHERE notified_at IS NOT NULL;
CREATE INDEX items_reaction ON items(reaction) WHERE reaction IS NOT NULL;
-- Held for the quiet hours' digest and not shown yet: whether any is (a round without new items
-- delivers a due digest only then, policy_state.py) is one look here, not a scan of the items.
CREATE INDEX items_held ON items(score DESC, id) WHERE decision = 'digest' AND notified_at IS NULL;

CREATE VIRTUAL TABLE items_fts USING fts5(
    title, summary_text, content='items', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
-- While ``items.upsert`` stores a source's items it holds the one row of ``items_fts_defer`` and
-- indexes the new rows itself, in one statement after its inserts: a per-row trigger makes each
-- INSERT a two-table write with its own statement savepoint, and FTS5 flushes its pending index
-- at every savepoint (measured: 1.6 s of CPU for the 27,000 items of a 670-feed first round,
-- against 0.6 s batched). Any other INSERT (tools, tests) is indexed by the trigger as before.
CREATE TABLE items_fts_defer (one INTEGER PRIMARY KEY CHECK (one = 1));
CREATE TRIGGER items_fts_ai AFTER INSERT ON items
WHEN NOT EXISTS (SELECT 1 FROM items_fts_defer) BEGIN
    INSERT INTO items_fts(rowid, title, summary_text) VALUES (new.id, new.title, new.summary_text);
END;
CREATE TRIGGER items_fts_ad AFTER DELETE ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, title, summary_text)
    VALUES ('delete', old.id, old.title, old.summary_text);
END;
CREATE TRIGGER items_fts_au AFTER UPDATE OF title, summary_text ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, title, summary_text)
    VALUES ('delete', old.id, old.title, old.summary_text);
    INSERT INTO items_fts(rowid, title, summary_text) VALUES (new.id, new.title, new.summary_text);
END;

-- Every reaction, committed before it is acknowledged. ``features`` keeps what the model
-- learned from (so undo and re-training do not need the item, which retention may prune).
-- ``source`` (``src:X``) and ``words`` (the item's lead words, space-separated) are what
-- ranking/split.py reads back when a source the model is sure of keeps being dismissed (no
-- index: they are read once per source and process).
CREATE TABLE feedback (
    id        INTEGER PRIMARY KEY,
    item_id   INTEGER REFERENCES items(id) ON DELETE SET NULL,
    label     TEXT    NOT NULL,
    at        REAL    NOT NULL,
    features  TEXT    NOT NULL DEFAULT '[]',
    undone    INTEGER NOT NULL DEFAULT 0,
    source    TEXT,
    words     TEXT
);
CREATE INDEX feedback_at ON feedback(at);

-- Notifications sent (one row per bubble; a group lists its items in notification_items).
CREATE TABLE notifications (
    id       INTEGER PRIMARY KEY,
    at       REAL NOT NULL,
    kind     TEXT NOT NULL,          -- single | group | digest
    title    TEXT NOT NULL,
    body     TEXT NOT NULL DEFAULT '',
    reason   TEXT NOT NULL DEFAULT ''
);
CREATE TABLE notification_items (
    notification_id INTEGER NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
    item_id         INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    PRIMARY KEY (notification_id, item_id)
);

-- The learned profile and its user-made parts; values are JSON documents owned by ranking/.
CREATE TABLE profile (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The learned weights (ranking/learner.py), one row per named feature ("w:rust", "src:LWN"):
-- a Gaussian belief (mean, precision) and when it was last updated (for forgetting).
CREATE TABLE profile_weights (
    feature   TEXT PRIMARY KEY,
    mean      REAL NOT NULL,
    precision REAL NOT NULL,
    at        REAL NOT NULL
) WITHOUT ROWID;

-- User settings (notifications, retention…); keys and defaults live in notify/core/settings.py.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
