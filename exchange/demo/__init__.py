"""Demo data: a home university, its faculties, partners abroad, agreements and open calls."""
