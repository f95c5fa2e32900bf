-- Who named each source. Before, Notify told a name the person gave from one it gave by
-- comparing the title with the source's own (``source_state.own_title``) and its kind's default
-- name, so a source the person named exactly what the feed calls itself followed the feed's
-- later renames. ``title_given``: 1 the person named it (kept whatever the source calls itself
-- later), 0 Notify did (it follows the source's own title), NULL not known yet: a title from an
-- OPML file, or from before this version where the source's own title was not read yet. The
-- first read of the source's own title decides a NULL: a title that differs from it (and from
-- the kind's default name) is the person's (source_names.title_is_given).
ALTER TABLE sources ADD COLUMN title_given INTEGER;
-- Existing names: a title that differs from the source's own title was given by the person.
UPDATE sources SET title_given = CASE
    WHEN title = '' THEN 0
    WHEN (SELECT own_title FROM source_state WHERE source_id = sources.id) IS NULL THEN NULL
    WHEN title = (SELECT own_title FROM source_state WHERE source_id = sources.id) THEN 0
    ELSE 1 END;
