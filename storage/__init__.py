"""Persistence: SQLAlchemy models, the session factory, migrations and Redis use."""
