"""Sign-in, first-run setup, password change, automatic lock and switch user."""
