"""Sensors and their readings."""
