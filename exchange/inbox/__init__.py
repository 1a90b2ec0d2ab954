"""The notices page every signed-in person has, whatever their roles (a cross-role area)."""
