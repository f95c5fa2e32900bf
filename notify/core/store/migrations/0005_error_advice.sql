-- What to do about a source's last error and the reason it is disabled, as data, next to their
-- text: the text (``last_error``, ``disabled_reason``) says it in the command line's words, which
-- the command line prints as it is; the app says it its own way from this (where to click, not
-- which command to run). A JSON list, one entry per advice in the text's order:
-- {"remedy": "give-token", "source_id": 12, "at": [57, 112]} (``at``: where the text gives it;
-- the advice's other fields when they are set: kind, setting, value, address, the address
-- redacted). NULL: the text gives no advice, or it was stored before this version (the text is
-- shown as it is). No secret is stored here (errors.placed_to_json).
ALTER TABLE source_state ADD COLUMN last_error_advice TEXT;
ALTER TABLE source_state ADD COLUMN disabled_reason_advice TEXT;
