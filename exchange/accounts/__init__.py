"""People: users, their roles, and the home institution's org units."""
