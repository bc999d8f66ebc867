"""Alembic migrations for Aurora Desktop (packaged as aurora_desktop/database in the wheel)."""
