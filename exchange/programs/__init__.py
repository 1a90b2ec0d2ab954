"""Programs: calls for applications opened under a partnership."""
