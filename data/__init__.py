"""Storage models, migrations, the store and the reference data."""
