-- What ranking/split.py reads back when a source the model is sure of keeps being dismissed:
-- each reaction's source feature (``src:X``) and the lead words of its item, space-separated.
-- No index: they are read once per source and process (and an index is one more page written
-- per reaction).
ALTER TABLE feedback ADD COLUMN source TEXT;
ALTER TABLE feedback ADD COLUMN words TEXT;
