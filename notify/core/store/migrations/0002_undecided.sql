-- Items stored but never ranked: a round stopped between storing and ranking (Ctrl-C, a crash,
-- a ranking failure) left them without a decision, and later rounds ranked only their own new
-- items. The next round ranks them too (rounds.py); whether there are any is one look here.
-- A newly added source's first items (backlog) are never notified and are not looked for.
CREATE INDEX items_undecided ON items(first_seen, id) WHERE decision IS NULL AND backlog = 0;
