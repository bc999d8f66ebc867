"""Persistence: SQLAlchemy models, engine factory, migrations runner."""
