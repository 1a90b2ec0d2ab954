"""Incoming visiting scholars: the record and its rules, services, policy and forms."""
