"""Lending: the catalogue and loans of a small lending library."""
