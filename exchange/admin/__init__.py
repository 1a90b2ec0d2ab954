"""The admin area: accounts, roles, the audit trail and the mail outbox."""
