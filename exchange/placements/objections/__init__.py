"""Objections to released results: the record and window, services, policy, forms and notices."""
