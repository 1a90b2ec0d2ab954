"""The faculty area: partnerships of one's unit, reviews and visit proposals (exchange.faculty.views
holds the blueprint; a view module per noun registers its screens on it)."""
