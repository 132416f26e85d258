"""Registration's domain errors. Every refusal names the form field it concerns through
``DomainError``'s ``field`` (the same name the forms use), so a view shows it with
``skillcert.core.ui.forms.form_error`` and the API returns it as it is."""

from __future__ import annotations

from skillcert.core.errors import DomainError
from skillcert.core.identity import InvalidIdNumber


class RegistrationError(DomainError):
    """A refusal of registration or review."""

    code = "registration_error"


class RegistrationClosed(RegistrationError):
    code = "registration_closed"
    status = 409


class DuplicateApplication(RegistrationError):
    code = "duplicate_application"
    status = 409


class MissingMaterials(RegistrationError):
    """Submission or approval refused: a required material is neither uploaded nor verified."""

    code = "missing_materials"
    status = 409


class NotEligible(RegistrationError):
    """Approval refused: the facts meet no clause of the level's 申报条件."""

    code = "not_eligible"
    status = 409


class LinkRequired(RegistrationError):
    """The agency already has a record for this ID number that the account did not create: the
    account may act on it only after proof (services.linking). Carries the record's key for
    the view and nothing for the person."""

    code = "link_required"
    status = 409

    def __init__(self, message: str, *, candidate_id: int) -> None:
        super().__init__(message, field="id_number")
        self.candidate_id = candidate_id


class LinkError(RegistrationError):
    code = "link_error"
    status = 409


class MaterialRejected(RegistrationError):
    code = "material_rejected"


class BulkImportError(RegistrationError):
    code = "bulk_import_error"


class ReportError(DomainError):
    """A data report refused: the message says what is wrong and what to do."""

    code = "report_error"
    status = 409


class InvalidIdNumberEntered(InvalidIdNumber):
    """An ID number typed into a form that fails GB 11643; shown beside the ``id_number`` field.
    (``InvalidIdNumber`` itself takes no field: it also refuses numbers that no form typed.)"""

    def __init__(self, message: str, *, reason: str = "") -> None:
        super().__init__(message, reason=reason)
        self.field = "id_number"
