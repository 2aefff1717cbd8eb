"""The app's models, defined in the package of their concept and gathered here for Django."""

from tracker.accounts.models import AuditAction, AuditEvent, Role, UserScope
from tracker.api.models import ApiToken
from tracker.assessments.models import (
    Assessment,
    AssessmentStatus,
    AssessmentTally,
    CriterionResult,
    ResultStatus,
)
from tracker.criteria.models import CriteriaSet, Criterion
from tracker.data_version import DataVersion
from tracker.documents.models import DocumentKind, DocumentTemplate
from tracker.evidence.models import EvidenceFile, EvidenceRevision
from tracker.imports.models import ImportBatch, ImportPreview
from tracker.rounds.models import ProvinceRound, ReminderSent, Round
from tracker.targets.models import ProvinceQuota, Target
from tracker.units.models import District, MapEdition, Province, UnitSuccession, Ward, WardKind

__all__ = [
    "ApiToken",
    "Assessment",
    "AuditAction",
    "AuditEvent",
    "AssessmentStatus",
    "AssessmentTally",
    "CriteriaSet",
    "Criterion",
    "CriterionResult",
    "DataVersion",
    "EvidenceFile",
    "EvidenceRevision",
    "District",
    "DocumentKind",
    "DocumentTemplate",
    "ImportBatch",
    "ImportPreview",
    "MapEdition",
    "Province",
    "ProvinceQuota",
    "ProvinceRound",
    "ReminderSent",
    "ResultStatus",
    "Role",
    "Round",
    "Target",
    "UnitSuccession",
    "UserScope",
    "Ward",
    "WardKind",
]
