from .assessments import Assessment, AssessmentStatus, CriterionResult, ResultStatus
from .criteria import CriteriaSet, Criterion
from .imports import ImportBatch
from .targets import ProvinceQuota, Target
from .units import District, MapEdition, Province, UnitSuccession, Ward, WardKind

__all__ = [
    "Assessment",
    "AssessmentStatus",
    "CriteriaSet",
    "Criterion",
    "CriterionResult",
    "District",
    "ImportBatch",
    "MapEdition",
    "Province",
    "ProvinceQuota",
    "ResultStatus",
    "Target",
    "UnitSuccession",
    "Ward",
    "WardKind",
]
