"""A small framework of the kind projects install: its declarative base, with its metadata's
naming convention set in the class body."""
