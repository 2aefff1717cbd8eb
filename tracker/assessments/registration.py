"""Registering a province's cohort for a year: several phường at once, all or none.

The province page's registration form and `manage.py register` both come here. Each ward
goes through assessment_register (history and audit per ward), or, for a new ward whose
predecessors on the old map have results and when the user asks for it, through the
carry-over's own proposal and confirmation (tracker.assessments.carry_over): its rule is
not repeated here.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext as _

from tracker.accounts.permissions import user_can_manage_province
from tracker.assessments.carry_over import (
    assessment_carry_over_confirm,
    assessment_carry_over_propose,
)
from tracker.assessments.models import Assessment
from tracker.assessments.services import assessment_register
from tracker.criteria.selectors import criteria_set_in_force
from tracker.data_version import data_version_claim
from tracker.targets.calendar import in_programme, outside_message
from tracker.text import fold
from tracker.units.maps import map_in_force
from tracker.units.models import MapEdition, Province, Ward, WardKind


@dataclass
class CohortRegistration:
    """What a registration did: the new assessments, in code order, and how each was made."""

    assessments: list[Assessment] = field(default_factory=list)
    # Wards registered with their predecessors' results carried over.
    carried: list[Ward] = field(default_factory=list)
    # Wards whose predecessors had results, registered afresh as the user chose.
    not_carried: list[Ward] = field(default_factory=list)

    @property
    def wards(self) -> list[Ward]:
        return [a.ward for a in self.assessments]


def _named(ward: Ward) -> str:
    return f"{ward.name} ({ward.code})"


def registration_map_refusal(*, year: int, edition: MapEdition) -> str | None:
    """Why a year's cohort cannot be registered on this map, or None.

    A year registers on the map in force on its 1 January, or on a map taking effect
    during the year (the 2025 map for 2025, as the carry-over does).
    """
    if not in_programme(year):
        return outside_message(year)
    in_force = map_in_force(year)
    if edition.effective_from.year != year and (in_force is None or in_force.pk != edition.pk):
        return _(
            "Năm %(year)s không đăng ký trên %(map)s: hãy chọn bản đồ của năm %(year)s "
            "(%(in_force)s)."
        ) % {"year": year, "map": edition.name, "in_force": in_force.name if in_force else "—"}
    return None


def registrable_wards(
    *, province: Province, year: int, edition: MapEdition, search: str = ""
) -> QuerySet:
    """The province's phường on the map that are not registered for the year, by name.

    `search` matches the start of a code or part of the name without diacritics.
    """
    wards = (
        Ward.objects.filter(edition=edition, province__code=province.code, kind=WardKind.WARD)
        .exclude(assessments__year=year)
        .select_related("district")
        .order_by("sort_name", "code")
    )
    search = search.strip()
    if search:
        wards = wards.filter(Q(code__startswith=search) | Q(search_name__contains=fold(search)))
    return wards


def carry_over_years(*, ward_ids, year: int) -> dict[int, int]:
    """Ward id -> the latest year, not after `year`, in which one of its predecessors has an
    assessment: the wards a registration offers the carry-over for. One query."""
    rows = (
        Assessment.objects.filter(
            ward__successions__successor_id__in=list(ward_ids), year__lte=year
        )
        .values("ward__successions__successor_id")
        .annotate(latest=Max("year"))
        .order_by()
    )
    return {row["ward__successions__successor_id"]: row["latest"] for row in rows}


def _check(*, province, year, edition, codes) -> list[Ward]:
    """The wards of the codes, in the order given, or a ValidationError naming every refusal."""
    refusal = registration_map_refusal(year=year, edition=edition)
    if refusal:
        raise ValidationError(refusal, code="year")
    if province.edition_id != edition.pk:
        raise ValidationError(
            _("%(province)s không thuộc %(map)s.") % {"province": province.name, "map": edition},
            code="map",
        )
    if not codes:
        raise ValidationError(_("Hãy chọn ít nhất một phường để đăng ký."), code="empty")
    found = {
        w.code: w
        for w in Ward.objects.filter(edition=edition, code__in=codes).select_related("province")
    }
    registered = set(
        Assessment.objects.filter(ward__in=found.values(), year=year).values_list(
            "ward__code", flat=True
        )
    )
    errors, wards = [], []
    for code in codes:
        ward = found.get(code)
        if ward is None:
            errors.append(
                _("Không có đơn vị mã %(code)s trên %(map)s.") % {"code": code, "map": edition}
            )
        elif ward.province.code != province.code:
            errors.append(
                _("%(ward)s thuộc %(other)s, không thuộc %(province)s.")
                % {"ward": _named(ward), "other": ward.province.name, "province": province.name}
            )
        elif ward.kind != WardKind.WARD:
            errors.append(
                _("%(ward)s là %(kind)s: chương trình chỉ đăng ký phường.")
                % {"ward": _named(ward), "kind": ward.get_kind_display()}
            )
        elif code in registered:
            errors.append(
                _("%(ward)s đã đăng ký năm %(year)s.") % {"ward": _named(ward), "year": year}
            )
        else:
            wards.append(ward)
    if errors:
        raise ValidationError(errors, code="refused")
    return wards


@transaction.atomic
def _register(*, province, year, edition, codes, user, carry_over, reason) -> CohortRegistration:
    if user is not None and not user_can_manage_province(user=user, province=province):
        raise PermissionDenied(_("Bạn không có quyền đăng ký phường của tỉnh này."))
    # The writers' turn first: no other registration slips in between the check and the write.
    data_version_claim()
    wards = _check(province=province, year=year, edition=edition, codes=codes)
    criteria_set = criteria_set_in_force(year)
    if criteria_set is None:
        raise ValidationError(
            _("Chưa có bộ tiêu chí áp dụng cho năm %(year)s.") % {"year": year},
            code="no_criteria_set",
        )
    offered = carry_over_years(ward_ids=[w.pk for w in wards], year=year)
    if offered and carry_over is None:
        raise ValidationError(
            _(
                "Đơn vị cũ của %(wards)s đã có kết quả: hãy chọn kế thừa kết quả của đơn vị cũ "
                "hoặc đăng ký mới."
            )
            % {"wards": ", ".join(_named(w) for w in wards if w.pk in offered)},
            code="choose_carry_over",
        )
    done = CohortRegistration()
    for ward in wards:
        if ward.pk in offered and carry_over:
            proposal = assessment_carry_over_propose(ward=ward, year=year)
            assessment = assessment_carry_over_confirm(proposal=proposal, user=user)
            done.carried.append(ward)
        else:
            assessment = assessment_register(
                ward=ward, year=year, criteria_set=criteria_set, user=user, reason=reason
            )
            if ward.pk in offered:
                done.not_carried.append(ward)
        done.assessments.append(assessment)
    return done


def assessment_register_cohort(
    *,
    province: Province,
    year: int,
    edition: MapEdition,
    codes: list[str],
    user,
    carry_over: bool | None = None,
    reason: str = "",
) -> CohortRegistration:
    """Register the phường of `codes` for `year`, all in one transaction or none.

    Refused (ValidationError naming each ward's code) for a unit that is not a phường of
    the province on `edition`, one already registered for the year, a year outside the
    programme or a map not the year's. `carry_over`: for the wards whose predecessors have
    results, True carries them over, False registers afresh, None refuses until the caller
    chooses. `user` None is the command line, run by whoever administers the server.
    """
    codes = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
    try:
        return _register(
            province=province,
            year=year,
            edition=edition,
            codes=codes,
            user=user,
            carry_over=carry_over,
            reason=reason,
        )
    except IntegrityError as error:
        # Another registration of one of these wards committed first: nothing was written.
        raise ValidationError(
            _(
                "Một phường trong danh sách vừa được người khác đăng ký năm %(year)s; "
                "chưa đăng ký phường nào. Hãy tải lại trang rồi chọn lại."
            )
            % {"year": year},
            code="stale",
        ) from error
