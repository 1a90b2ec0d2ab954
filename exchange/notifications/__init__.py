"""Outgoing mail: an outbox written in the request's transaction, delivered by SMTP."""
