"""The data report's reads and writes live in ``selectors`` and ``services.report``; this module
only keeps the one name that ``registration.publicity`` imports until that module moves to
core/publicity."""

from skillcert.registration.selectors import latest_report

__all__ = ["latest_report"]
