"""Sign-in, sign-out, registration, invitations, password reset; the role gate for areas."""
