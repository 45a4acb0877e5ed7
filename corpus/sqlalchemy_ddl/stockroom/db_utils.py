"""Helpers the revisions share."""


def create_missing_tables(metadata, bind):
    """Every table of `metadata` the database lacks, referenced tables first."""
    for table in metadata.sorted_tables:
        table.create(bind, checkfirst=True)
