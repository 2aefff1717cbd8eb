"""Carrying a programme across the 2025 reform: a new ward's starting assessment.

Nothing is carried over silently. assessment_carry_over_propose only reads and says, for
each criterion, which predecessor assessments its starting value comes from; a user with
the right to register assessments confirms it with assessment_carry_over_confirm, which
writes through assessment_register and criterion_result_set_status so that the history of
every carried value names its source.

The rule: a criterion starts at the weakest status among the predecessors' assessments of
the chosen year on the same criteria set (Đạt only where every one of them has it Đạt);
with none, it starts "Chưa đánh giá". Weakest first: Chưa đạt, Chưa đánh giá, Đang thực
hiện, Đạt. A recognition is not carried: its decision names the old unit, so the new ward
starts "Đang xây dựng" and the proposal shows the old recognitions beside it.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tracker.accounts.permissions import user_can_manage_province
from tracker.assessments.completion import is_met
from tracker.assessments.models import Assessment, AssessmentStatus, CriterionResult, ResultStatus
from tracker.assessments.predecessors import (
    PredecessorAssessment,
    ward_predecessor_years,
    ward_predecessors_with_assessments,
)
from tracker.assessments.services import (
    assessment_register,
    assessment_set_status,
    criterion_result_set_status,
)
from tracker.criteria.models import CriteriaSet, Criterion
from tracker.criteria.selectors import criteria_set_in_force
from tracker.units.models import MapEdition, Ward, WardKind

WEAKEST_FIRST = [
    ResultStatus.NOT_MET,
    ResultStatus.NOT_ASSESSED,
    ResultStatus.IN_PROGRESS,
    ResultStatus.MET,
]


@dataclass(frozen=True)
class CarriedValue:
    """One predecessor assessment's value, as the history will cite it."""

    code: str
    name: str
    year: int
    status: str

    def __str__(self) -> str:
        return f"{self.name} ({self.code}), {self.year}: {ResultStatus(self.status).label}"


@dataclass
class CriterionProposal:
    number: int
    short_title: str
    status: str
    sources: list[CarriedValue] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(ResultStatus(self.status).label)

    @property
    def summary(self) -> str:
        """The sources grouped by value, shorter than `reason` for a table."""
        codes: dict[str, list[str]] = {}
        for source in self.sources:
            codes.setdefault(source.status, []).append(source.code)
        return "; ".join(
            f"{ResultStatus(status).label}: {', '.join(found)}" for status, found in codes.items()
        )

    @property
    def reason(self) -> str:
        if not self.sources:
            return _("Không có đánh giá của đơn vị cũ để kế thừa: %(status)s") % {
                "status": self.status_label
            }
        text = _("Kế thừa từ %(sources)s") % {"sources": "; ".join(map(str, self.sources))}
        if len({s.status for s in self.sources}) > 1:
            text += _(" (lấy mức thấp nhất: %(status)s)") % {"status": self.status_label}
        return text


@dataclass
class CarryOverProposal:
    ward: Ward
    year: int
    from_year: int | None
    criteria_set: CriteriaSet
    status: str
    predecessors: list[PredecessorAssessment]
    criteria: list[CriterionProposal]

    @property
    def status_label(self) -> str:
        return str(AssessmentStatus(self.status).label)

    @property
    def token(self) -> str:
        """A digest of what the user is shown, so a confirmation of stale values is refused."""
        shown = (self.ward.pk, self.year, self.values())
        return hashlib.sha256(repr(shown).encode()).hexdigest()

    @property
    def met(self) -> int:
        return sum(is_met(c.status) for c in self.criteria)

    @property
    def total(self) -> int:
        return len(self.criteria)

    @property
    def sources(self) -> list[PredecessorAssessment]:
        """The predecessor assessments the values come from."""
        return [p for p in self.predecessors if p.criteria_set_id == self.criteria_set.pk]

    @property
    def not_carried(self) -> list[PredecessorAssessment]:
        """Predecessors that give no value: no assessment that year, or another criteria set."""
        return [p for p in self.predecessors if p.criteria_set_id != self.criteria_set.pk]

    @property
    def status_reason(self) -> str:
        if not self.sources:
            return _("Đăng ký trên bản đồ mới; không có đánh giá của đơn vị cũ để kế thừa")
        return _("Kế thừa từ %(sources)s") % {
            "sources": "; ".join(
                f"{p.name} ({p.code}), {self.from_year}: {p.status_label}" for p in self.sources
            )
        }

    @property
    def register_reason(self) -> str:
        if self.from_year is None:
            return _(
                "Đăng ký trên bản đồ mới, đề xuất đã được xác nhận; "
                "đơn vị cũ chưa có đánh giá để kế thừa"
            )
        return _(
            "Đăng ký kế thừa từ đánh giá năm %(year)s của đơn vị cũ, đề xuất đã được xác nhận; "
            "tiêu chí bắt đầu từ '%(status)s', giá trị kế thừa ghi ở lần thay đổi kế tiếp"
        ) % {"year": self.from_year, "status": ResultStatus.NOT_ASSESSED.label}

    def values(self) -> tuple:
        """What the user confirms: compared again when confirming."""
        return (
            self.from_year,
            self.criteria_set.pk,
            self.status,
            tuple((c.number, c.status, tuple(c.sources)) for c in self.criteria),
        )


def _weakest(statuses: list[str]) -> str:
    return min(statuses, key=WEAKEST_FIRST.index)


def _criteria_set(year: int, used: set[int]) -> CriteriaSet:
    """The set the predecessors used, when they agree; else the newest in force in `year`."""
    if len(used) == 1:
        return CriteriaSet.objects.get(pk=used.pop())
    found = criteria_set_in_force(year)
    if found is None:
        raise ValidationError(
            _("Chưa có bộ tiêu chí áp dụng cho năm %(year)s."),
            code="no_criteria_set",
            params={"year": year},
        )
    return found


def assessment_carry_over_propose(
    *,
    ward: Ward,
    year: int,
    from_year: int | None = None,
    criteria_set: CriteriaSet | None = None,
) -> CarryOverProposal:
    """A starting assessment for a new ward in `year`, from its predecessors' of `from_year`.

    `from_year` defaults to the latest year, not after `year`, in which a predecessor has
    an assessment. Reads only.
    """
    if ward.kind != WardKind.WARD:
        raise ValidationError(
            _("%(ward)s không phải là phường."), code="not_a_ward", params={"ward": ward}
        )
    if Assessment.objects.filter(ward=ward, year=year).exists():
        raise ValidationError(
            _("%(ward)s đã đăng ký năm %(year)s."),
            code="already_registered",
            params={"ward": ward, "year": year},
        )
    if from_year is None:
        years = [y for y in ward_predecessor_years(ward=ward) if y <= year]
        from_year = years[-1] if years else None
    # Without a year to carry from, the predecessors are still shown, none assessed.
    predecessors = ward_predecessors_with_assessments(ward=ward, year=from_year or year)
    if not predecessors:
        raise ValidationError(
            _("Chưa có dữ liệu kế thừa: không biết %(ward)s được lập từ những đơn vị nào."),
            code="no_predecessors",
            params={"ward": ward},
        )
    if criteria_set is None:
        used = {p.criteria_set_id for p in predecessors if p.criteria_set_id}
        criteria_set = _criteria_set(year, used)
    sources = [p for p in predecessors if p.criteria_set_id == criteria_set.pk]
    criteria = []
    for number, short_title in Criterion.objects.filter(criteria_set=criteria_set).values_list(
        "number", "short_title"
    ):
        carried = [
            CarriedValue(p.code, p.name, from_year, p.results[number])
            for p in sources
            if number in p.results
        ]
        status = _weakest([c.status for c in carried]) if carried else ResultStatus.NOT_ASSESSED
        criteria.append(CriterionProposal(number, short_title, status, carried))
    return CarryOverProposal(
        ward=ward,
        year=year,
        from_year=from_year,
        criteria_set=criteria_set,
        status=AssessmentStatus.BUILDING if sources else AssessmentStatus.REGISTERED,
        predecessors=predecessors,
        criteria=criteria,
    )


def carry_over_year(*, year: int, edition: MapEdition) -> int:
    """The year a new ward's starting assessment is for: the page's, or the map's first."""
    return max(year, edition.effective_from.year)


def assessment_carry_over_recheck(
    *, ward: Ward, year: int, from_year: int | None, criteria_set_id, token: str | None
) -> CarryOverProposal:
    """The proposal as it stands now, if it is still the one the user was shown (its criteria
    set and its token); else a ValidationError (stale_proposal)."""
    stale = ValidationError(
        _("Dữ liệu của các đơn vị cũ đã thay đổi sau khi lập đề xuất; hãy xem lại đề xuất."),
        code="stale_proposal",
    )
    criteria_set = CriteriaSet.objects.filter(pk=criteria_set_id).first()
    if criteria_set is None:
        raise stale
    proposal = assessment_carry_over_propose(
        ward=ward, year=year, from_year=from_year, criteria_set=criteria_set
    )
    if token != proposal.token:
        raise stale
    return proposal


@transaction.atomic
def assessment_carry_over_confirm(*, proposal: CarryOverProposal, user) -> Assessment:
    """Create the proposed assessment, each carried value with its source in the history.

    Refused if the user may not register assessments, or if the predecessors' values
    changed since the proposal was shown.
    """
    if user is not None and not user_can_manage_province(
        user=user, province=proposal.ward.province
    ):
        raise PermissionDenied(_("Bạn không có quyền đăng ký và cập nhật kết quả tiêu chí."))
    current = assessment_carry_over_propose(
        ward=proposal.ward,
        year=proposal.year,
        from_year=proposal.from_year,
        criteria_set=proposal.criteria_set,
    )
    if current.values() != proposal.values():
        raise ValidationError(
            _("Dữ liệu của các đơn vị cũ đã thay đổi sau khi lập đề xuất; hãy xem lại đề xuất."),
            code="stale_proposal",
        )
    assessment = assessment_register(
        ward=proposal.ward,
        year=proposal.year,
        criteria_set=proposal.criteria_set,
        user=user,
        reason=proposal.register_reason,
    )
    if proposal.status != assessment.status:
        assessment = assessment_set_status(
            assessment=assessment, user=user, status=proposal.status, reason=proposal.status_reason
        )
    results = {
        r.criterion.number: r
        for r in CriterionResult.objects.filter(assessment=assessment).select_related("criterion")
    }
    for criterion in proposal.criteria:
        if criterion.status != ResultStatus.NOT_ASSESSED:
            criterion_result_set_status(
                result=results[criterion.number],
                user=user,
                status=criterion.status,
                reason=criterion.reason,
            )
    return assessment
