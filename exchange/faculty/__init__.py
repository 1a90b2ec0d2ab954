"""The faculty area: partnerships of one's unit, reviews and visit proposals."""
