"""Pure clinical and scheduling rules: no Qt, no SQLAlchemy, no clock reads."""
