"""The county schema's Alembic migrations (env.py and versions/), shipped inside the package.

Found through importlib.resources by county/schema.py, so an installed wheel and a source
checkout use the same files. Never edit a migration that has shipped: add a new one.
"""
