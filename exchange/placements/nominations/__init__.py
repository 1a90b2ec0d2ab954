"""Nominations of placed students to partners: record, services, policy, forms, EWP export."""
