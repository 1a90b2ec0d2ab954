"""The student area: screens for finding programs and following applications."""
