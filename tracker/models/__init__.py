from .access import Role, UserScope
from .assessments import Assessment, AssessmentStatus, CriterionResult, ResultStatus
from .audit import AuditAction, AuditEvent
from .criteria import CriteriaSet, Criterion
from .data_version import DataVersion
from .imports import ImportBatch, ImportPreview
from .targets import ProvinceQuota, Target
from .units import District, MapEdition, Province, UnitSuccession, Ward, WardKind

__all__ = [
    "Assessment",
    "AuditAction",
    "AuditEvent",
    "AssessmentStatus",
    "CriteriaSet",
    "Criterion",
    "CriterionResult",
    "DataVersion",
    "District",
    "ImportBatch",
    "ImportPreview",
    "MapEdition",
    "Province",
    "ProvinceQuota",
    "ResultStatus",
    "Role",
    "Target",
    "UnitSuccession",
    "UserScope",
    "Ward",
    "WardKind",
]
