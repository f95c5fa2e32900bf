-- What ranking/split.py reads back when a source the model is sure of keeps being dismissed:
-- each reaction's source feature (``src:X``) and the lead words of its item, space-separated.
ALTER TABLE feedback ADD COLUMN source TEXT;
ALTER TABLE feedback ADD COLUMN words TEXT;
CREATE INDEX feedback_source ON feedback(source, id);
