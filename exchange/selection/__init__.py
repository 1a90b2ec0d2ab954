"""Selection: reviews, scoring, allocation of places, offers and waitlists."""
