"""Candidates, their applications to batches, materials, review decisions (细则第三、四条), the data
report and the candidate publicity with its objections (第五条), and bulk imports."""

from skillcert.core.publicity.models import ObjectionState
from skillcert.registration.models.applications import (
    Application,
    ApplicationState,
    Channel,
    Decision,
    IdempotencyKey,
    Material,
    MaterialKind,
    RejectionReason,
    ReviewDecision,
)
from skillcert.registration.models.candidates import (
    Candidate,
    CandidateLinkRequest,
    CandidateSource,
    EducationLevel,
    IdType,
    LinkState,
    Sex,
)
from skillcert.registration.models.reports import (
    DataReport,
    Objection,
    Publicity,
    RegistrationImport,
)

__all__ = [
    "Application",
    "ApplicationState",
    "Candidate",
    "CandidateLinkRequest",
    "CandidateSource",
    "Channel",
    "DataReport",
    "Decision",
    "EducationLevel",
    "IdType",
    "IdempotencyKey",
    "LinkState",
    "Material",
    "MaterialKind",
    "Objection",
    "ObjectionState",
    "Publicity",
    "RegistrationImport",
    "RejectionReason",
    "ReviewDecision",
    "Sex",
]
