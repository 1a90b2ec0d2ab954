"""Partner institutions, inter-institutional agreements and their cooperation conditions."""
