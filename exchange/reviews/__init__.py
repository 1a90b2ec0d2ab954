"""Faculty reviews of applications: the rubric of a call, assignments, the review phase."""
