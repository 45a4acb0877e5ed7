"""A small wiki: authors, pages, revisions, tags and attachments."""
