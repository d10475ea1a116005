"""Settings, domain models and the PostgreSQL access layer shared by every part."""
