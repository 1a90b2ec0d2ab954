"""Applications: a student's ranked choices, answers and documents for one call."""
