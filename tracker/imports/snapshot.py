"""The scope of an import, read from the database once before any row: the wards of the
file's map and province, every result of the year in them with its version, their criteria
sets, the lock rule's verdict for this user, and (only when a row needs them) the older maps'
phường. The work per row is then dictionary look-ups.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from tracker.assessments.figures import FIGURE_FIELDS
from tracker.assessments.locks import locked_wards
from tracker.assessments.maps import map_for_year_data
from tracker.assessments.models import Assessment, CriterionResult
from tracker.criteria.indicators import Figures
from tracker.criteria.models import Comparison, CriteriaSet, Criterion, FigureRule
from tracker.units.models import Province, Ward, WardKind

from .columns import WardIndex, normalise
from .result import ImportResult
from .wards import OldWards

_CENTS = Decimal("0.01")  # the figures' decimal_places=2


@dataclass
class Snapshot:
    index: WardIndex  # the wards of the file's map and province
    # (ward id, criterion number) -> (result id, status, note, version)
    current: dict[tuple[int, int], tuple]
    ward_sets: dict[int, int]  # ward id -> the criteria set its assessment uses
    sets: dict[int, CriteriaSet]
    file_set: CriteriaSet | None  # the one the template names, if it names one
    locked: dict[int, str]  # ward id -> why its results cannot change (assessments.locks)
    older: OldWards
    # Measured criteria (set id, number) -> Criterion, and what their results hold now:
    # (ward id, number) -> (Figures, reason of a status typed against them).
    measured: dict[tuple[int, int], Criterion] = None
    figures: dict[tuple[int, int], tuple[Figures, str]] = None
    # The same figures a year earlier, for the criteria compared with last year.
    previous: dict[tuple[int, int], Figures] = None
    rules: dict[int, list[FigureRule]] = None  # set id -> its rules between criteria

    @property
    def numbers(self) -> set[int]:
        """The criterion numbers of the results in scope."""
        return {number for _ward, number in self.current}


def snapshot_read(
    result: ImportResult, *, meta: dict[str, str], year: int, province_code: str | None, user
) -> Snapshot | None:
    """The scope the file and the caller name; None, with the refusal in `result`, when the
    file is for another province or criteria set, or its province is not on the map."""
    # The template names its map; else that of the year's registrations, else the one in force.
    edition = meta.get("map_edition") or map_for_year_data(year)
    province = None
    file_province = meta.get("province_code") or None
    if province_code and file_province and province_code != file_province:
        names = dict(
            Province.objects.filter(
                edition__code=edition, code__in=[province_code, file_province]
            ).values_list("code", "name")
        )
        result.refuse(
            "wrong_province",
            _(
                "%(file)s: tệp dành cho %(file_name)s (%(file_code)s), "
                "không phải %(name)s (%(code)s) đã chọn."
            )
            % {
                "file": result.file_name,
                "file_name": names.get(file_province, _("tỉnh")),
                "file_code": file_province,
                "name": names.get(province_code, _("tỉnh")),
                "code": province_code,
            },
        )
        return None
    province_code = province_code or file_province
    if province_code:
        province = Province.objects.filter(edition__code=edition, code=province_code).first()
        if province is None:
            result.refuse(
                "unknown_province",
                _("%(file)s: không có tỉnh mã %(code)s trên bản đồ %(edition)s.")
                % {"file": result.file_name, "code": province_code, "edition": edition},
            )
            return None
        result.province_id = province.pk
        result.province_code, result.province_name = province.code, province.name

    wards = Ward.objects.filter(edition__code=edition, kind=WardKind.WARD)
    if province is not None:
        wards = wards.filter(province=province)
    index = WardIndex(list(wards.only("id", "code", "name")))

    # One read of every result in scope: the work per row is dictionary look-ups. The figures
    # come as text, made Decimal only where there is one: a decimal column would have Django
    # convert all three for each of 39,000 rows, nearly all of them empty.
    results = (
        CriterionResult.objects.filter(assessment__year=year, assessment__ward__in=wards)
        .annotate(**{f"{f}_text": Cast(f, output_field=CharField()) for f in FIGURE_FIELDS})
        .values_list(
            "id",
            "assessment__ward_id",
            "criterion__number",
            "status",
            "note",
            "version",
            "assessment__criteria_set_id",
            *(f"{f}_text" for f in FIGURE_FIELDS),
            "status_reason",
        )
    )
    current: dict[tuple[int, int], tuple] = {}
    ward_sets: dict[int, int] = {}
    figures: dict[tuple[int, int], tuple[Figures, str]] = {}
    for pk, ward_id, number, status, note, version, set_id, n, d, v, reason in results:
        current[ward_id, number] = (pk, status, note, version)
        ward_sets[ward_id] = set_id
        if n is not None or d is not None or v is not None or reason:
            figures[ward_id, number] = (
                Figures(_decimal(n), _decimal(d), _decimal(v)),
                reason or "",
            )
    sets = {s.pk: s for s in CriteriaSet.objects.filter(pk__in=set(ward_sets.values()))}
    measured, rules, previous = _indicators(sets, wards, year)
    # The wards whose results the lock rule keeps from this user: their cells are refused.
    locked = locked_wards(
        user=user, assessments=Assessment.objects.filter(year=year, ward__in=wards)
    )

    file_set = None
    if meta.get("criteria_set_code"):
        wanted = (meta["criteria_set_code"], meta.get("criteria_set_version", ""))
        file_set = next(
            (s for s in sets.values() if (normalise(s.code), normalise(s.version)) == wanted),
            None,
        )
        if file_set is None and sets:
            used = sorted({(s.code, s.version) for s in sets.values()})
            result.refuse(
                "wrong_criteria_set",
                _(
                    "%(file)s: tệp dùng bộ tiêu chí %(file_set)s phiên bản %(file_version)s, "
                    "nhưng năm %(year)s được đánh giá theo %(used)s."
                )
                % {
                    "file": result.file_name,
                    "file_set": meta["criteria_set_code"].upper(),
                    "file_version": meta.get("criteria_set_version", ""),
                    "year": year,
                    "used": ", ".join(f"{c} phiên bản {v}" for c, v in used),
                },
            )
            return None

    return Snapshot(
        index=index,
        current=current,
        ward_sets=ward_sets,
        sets=sets,
        file_set=file_set,
        locked=locked,
        older=OldWards(edition, result.province_id),
        measured=measured,
        figures=figures,
        previous=previous,
        rules=rules,
    )


def _decimal(text: str | None) -> Decimal | None:
    """A figure read as text (SQLite "12.5", PostgreSQL "12.50"), rounded as its column is."""
    return None if text is None else Decimal(text).quantize(_CENTS)


def _indicators(sets, wards, year):
    """The measured criteria of the sets in scope, their rules, and (only when a criterion
    compares with last year) the previous year's figures: two or three queries."""
    measured = {
        (c.criteria_set_id, c.number): c
        for c in Criterion.objects.filter(criteria_set__in=list(sets)).exclude(measure=None)
        if c.measure
    }
    rules: dict[int, list[FigureRule]] = {}
    for rule in FigureRule.objects.filter(criteria_set__in=list(sets)).select_related(
        "left", "right"
    ):
        rules.setdefault(rule.criteria_set_id, []).append(rule)
    yearly = {c.number for c in measured.values() if c.comparison == Comparison.BELOW_LAST_YEAR}
    previous: dict[tuple[int, int], Figures] = {}
    if yearly:
        for ward_id, number, n, d, v in CriterionResult.objects.filter(
            assessment__year=year - 1, assessment__ward__in=wards, criterion__number__in=yearly
        ).values_list(
            "assessment__ward_id", "criterion__number", "numerator", "denominator", "value"
        ):
            previous[ward_id, number] = Figures(n, d, v)
    return measured, rules, previous
