-- Indexes for the lists the inbox and `notify items` show newest first, each on the one sort
-- expression of 0001's items_sort_time (store/items.py SORT_TIME: SQLite uses an index only for
-- the very same expression). Without them a view whose items are few (Saved, Notified, unread
-- when the person keeps up, today's over-budget items) walked the whole date index to fill a
-- page, 10-45 ms at 100,000 items on the inbox's reader thread, and a source's page sorted all
-- of its items. They are partial: SQLite uses one only when the query's WHERE states the
-- index's condition in the same terms (store/items.py, app/inbox/query.py). docs/store.md has
-- the plans and times before and after. (Liked needs none: items_reaction finds the few.)
CREATE INDEX items_saved_sort ON items(MIN(COALESCE(published, updated, first_seen), first_seen) DESC, id)
WHERE saved = 1;
CREATE INDEX items_unread_sort ON items(MIN(COALESCE(published, updated, first_seen), first_seen) DESC, id)
WHERE read = 0 AND reaction IS NULL;
CREATE INDEX items_notified_sort ON items(MIN(COALESCE(published, updated, first_seen), first_seen) DESC, id)
WHERE notified_at IS NOT NULL;
CREATE INDEX items_source_sort ON items(source_id, MIN(COALESCE(published, updated, first_seen), first_seen) DESC, id);
-- The inbox's "Over budget" view: today's items left silent (app/inbox/query.py OVER_BUDGET_TODAY).
-- ``decision`` leads: with a first_seen-only index SQLite preferred walking items_sort_time. Its
-- condition leaves out a new item (no decision yet): storing one writes this index no entry.
CREATE INDEX items_silent ON items(decision, first_seen) WHERE decision = 'silent' AND notified_at IS NULL;
