"""Announcement pages, one module per audience: ``staff`` (signed in: the agency drafts and
publishes announcements and exam plans, supervisors read them) and ``public`` (no login)."""
