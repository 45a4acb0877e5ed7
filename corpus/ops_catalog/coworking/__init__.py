"""Coworking space bookings: organizations, members, rooms and bookings."""
