"""Registration's background jobs: checking and importing a bulk registration file."""

from __future__ import annotations

from skillcert.core.jobs.registry import job_handler
from skillcert.registration import bulk

job_handler("registration.validate_import")(bulk.validate_import)
job_handler("registration.import")(bulk.import_applications)
