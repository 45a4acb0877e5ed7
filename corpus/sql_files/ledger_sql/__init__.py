"""SQL scripts the revisions run, shipped as package data."""
