"""Notification service: per-channel templates, subscribers, deliveries, webhooks."""
