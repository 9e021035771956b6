"""The duty log: SQLAlchemy models, migrations, the repository and its single writer thread."""
