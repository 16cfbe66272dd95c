"""prodready: audit a backend repository for production readiness, with evidence."""

__version__ = "0.1.0"
