"""Importing partners and agreements from CSV: the file, its cells, the checks, the import."""
