"""What each official document says: its figures, taken from the homes every page uses.

The province's figures come from tracker.reports.province.province_report (and so from
tracker.reports.progress, the source of the province page and `progress`), the targets'
standing from tracker.targets.standing, completion from tracker.assessments.completion.
What a person must still decide (the signer's name, a number not yet given) is a visible
placeholder unless the form or the command gives it.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.assessments.completion import met_text, with_completion
from tracker.assessments.models import Assessment, AssessmentStatus
from tracker.assessments.states import AWAITING_DECISION, FORWARDED_OR_DECIDED, decided
from tracker.conf import setting
from tracker.criteria.indicators import figure_text
from tracker.criteria.models import Comparison
from tracker.evidence.dossier import dossier_summary
from tracker.reports.figures import FigureDistribution, figure_distributions
from tracker.reports.province import province_report
from tracker.rounds.completeness import province_completeness
from tracker.units.models import Province

SIGNER_PLACEHOLDER = "[Họ và tên người ký]"
NUMBER_PLACEHOLDER = "……"
DATE_PLACEHOLDER = "ngày …… tháng …… năm ……"
NO_VALUE = "—"


class DocumentError(Exception):
    """A document that cannot be written from the data as asked; the message says why."""


def clean(value):
    """Text as the document stores it: NFC, without the control characters XML refuses."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value)
        return "".join(
            " " if ch in "\t\r\n" else ch
            for ch in value
            if ch in "\t\r\n" or unicodedata.category(ch) != "Cc"
        )
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value


def date_words(day: date) -> str:
    """'ngày 05 tháng 01 năm 2024': a leading zero for days under 10 and months 1 and 2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_short(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def place_name(province: Province) -> str:
    """'Tỉnh Nghệ An' -> 'Nghệ An': the place a provincial body writes before the date."""
    for prefix in ("Thành phố ", "Tỉnh "):
        if province.name.startswith(prefix):
            return province.name.removeprefix(prefix)
    return province.name


def province_body(province: Province) -> str:
    """'Công an tỉnh Nghệ An', as the body names itself in a sentence."""
    name = province.name[:1].lower() + province.name[1:]
    return f"{setting('TRACKER_DOCUMENT_PROVINCE_BODY')} {name}"


def province_abbreviation(province: Province) -> str:
    """The issuer's part of a number: BC-CAT for a tỉnh, BC-CATP for a thành phố."""
    return "CATP" if province.name.startswith("Thành phố") else "CAT"


def _percent(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value:.1f}".replace(".", ",") + "%"


def _signer_lines(title: str) -> list[str]:
    """'KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC' -> the signature block's lines, upper case."""
    return [line.strip().upper() for line in title.split("/") if line.strip()]


@dataclass
class Signer:
    title: str = ""  # lines separated by "/", e.g. "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"
    name: str = ""

    def context(self, default_title: str) -> dict:
        return {
            "signer_lines": _signer_lines(self.title or default_title),
            "signer_name": self.name.strip() or SIGNER_PLACEHOLDER,
        }


def _heading(*, parent: str, issuer: str, number: str, place: str, day: date | None) -> dict:
    return {
        "parent_body": parent.upper(),
        "issuer": issuer.upper(),
        "number": number,
        "place_date": f"{place}, {date_words(day) if day else DATE_PLACEHOLDER}",
    }


def _province_heading(province: Province, *, type_code: str, day: date | None) -> dict:
    return {
        **_heading(
            parent=setting("TRACKER_DOCUMENT_MINISTRY"),
            issuer=province_body(province),
            number=f"{NUMBER_PLACEHOLDER}/{type_code}-{province_abbreviation(province)}",
            place=place_name(province),
            day=day,
        ),
        "issuer_name": province_body(province),
        "recipients": [],
        "filing": setting("TRACKER_DOCUMENT_FILING"),
    }


def _bottleneck_text(report) -> str:
    bottlenecks = report.bottlenecks
    if not bottlenecks:
        if report.progress.registered:
            return "Các phường đăng ký đều đã đạt mọi tiêu chí đã đánh giá."
        return "Chưa có kết quả đánh giá tiêu chí."
    items = "; ".join(
        f"tiêu chí {c.criterion.number} ({c.criterion.short_title}): {c.missing}/{c.total} "
        "phường chưa đạt"
        for c in bottlenecks
    )
    return f"Tiêu chí còn nhiều phường chưa đạt nhất: {items}."


# What a ward on the wrong side of the threshold is, by the threshold's comparison.
_OFF_THRESHOLD = {
    Comparison.AT_LEAST: "dưới ngưỡng",
    Comparison.AT_MOST: "trên ngưỡng",
    Comparison.EQUAL: "khác ngưỡng",
}


def _measured_text(d: FigureDistribution) -> str:
    """'TC7 (Phòng chống tội phạm): trung vị 85,0%; 3/16 phường dưới ngưỡng 80%': a measured
    criterion's figures across the province's wards (tracker.reports.figures), as the page."""
    c = d.criterion
    median = d.quartiles[2]
    if d.percent:
        shown, threshold = _percent(float(median)), f"{figure_text(c.threshold)}%"
    else:
        unit = f" {c.measure_unit}" if c.measure_unit else ""
        shown, threshold = f"{figure_text(median)}{unit}", f"{figure_text(c.threshold)}{unit}"
    text = f"TC{c.number} ({c.short_title}): trung vị {shown}"
    off = _OFF_THRESHOLD.get(c.comparison)
    if off and c.threshold is not None:
        text += f"; {len(d.below)}/{len(d.wards)} phường {off} {threshold}"
    return text


def report_context(
    *, province: Province, year: int, day: date | None = None, signer: Signer | None = None
) -> dict:
    """The province's report on a year: every figure from province_report, as the page shows."""
    report = province_report(province=province, year=year)
    p = report.progress
    day = day or timezone.localdate()
    criteria_set = report.criteria[0].criteria_set.name if report.criteria else ""
    context = {
        **_province_heading(province, type_code="BC", day=day),
        "year": year,
        "criteria_set": criteria_set or "Bộ tiêu chí của Bộ Công an",
        "wards_total": p.wards_total,
        "registered": p.registered,
        "meeting_all": p.meeting_all,
        "recognized": p.recognized,
        "quota": p.quota,
        "registered_share": _percent(p.share(p.registered)),
        "recognized_share": _percent(p.share(p.recognized)),
        "quota_text": NO_VALUE if p.quota is None else f"{p.quota} phường",
        "standings": [
            {
                "target_year": s.target_year,
                "share_range": f"{s.share_min}%"
                if s.share_min == s.share_max
                else f"{s.share_min}-{s.share_max}%",
                "label": s.label,
                "state": s.state,
            }
            for s in report.standings
        ],
        "bottleneck_text": _bottleneck_text(report),
        # The measured criteria with figures: one line each.
        "measured": [
            _measured_text(d) for d in figure_distributions(year=year, province=province) if d.wards
        ],
        # Completeness by the due date, from the round's one home (tracker.rounds).
        **_completeness(province, year),
        "figures": [
            {"label": _("Số phường"), "value": p.wards_total},
            {"label": _("Đăng ký"), "value": p.registered},
            {"label": _("Đạt đủ tiêu chí"), "value": p.meeting_all},
            {"label": _("Đã công nhận"), "value": p.recognized},
            {"label": _("Chỉ tiêu của Bộ"), "value": NO_VALUE if p.quota is None else p.quota},
        ],
        "wards": [
            {
                "index": index,
                "code": w.code,
                "name": w.name,
                "status": w.status_label or "",
                "met": met_text(met=w.met, total=w.total),
                "missing": ", ".join(f"TC{n}" for n in w.missing) or NO_VALUE,
            }
            for index, w in enumerate(p.wards, start=1)
        ],
        "recipients": [f"{setting('TRACKER_DOCUMENT_MINISTRY')} (để báo cáo)"],
    }
    context.update((signer or Signer()).context(setting("TRACKER_DOCUMENT_PROVINCE_SIGNER")))
    return clean(context)


def _dossier_columns(assessment: Assessment) -> tuple[str, str]:
    """The evidence dossier's file count and the SHA-256 of its table of contents, which
    anyone can check against the dossier the province sends (tracker.evidence.dossier)."""
    file_count, toc_sha256 = dossier_summary(assessment)
    return (str(file_count), toc_sha256)


def _completeness(province: Province, year: int) -> dict:
    c = province_completeness(province=province, year=year)
    return {
        "due_text": c.due.strftime("%d/%m/%Y") if c.due else "",
        "complete": c.complete,
        "complete_on_time": c.complete_on_time,
        "late": c.late,
    }


def forwarded_assessments(*, province: Province, year: int) -> list[Assessment]:
    """The wards the province has forwarded to the Ministry: awaiting its decision or decided,
    so that the year's proposal can be produced again after the decision."""
    return list(
        with_completion(
            Assessment.objects.filter(FORWARDED_OR_DECIDED, ward__province=province, year=year)
        )
        .select_related("ward")
        .order_by("ward__sort_name", "ward__code")
    )


def _decision_text(assessment: Assessment) -> str:
    """The Ministry's answer on a forwarded ward: its decision's number and date, a refusal,
    or a dash while it waits."""
    if assessment.status == AssessmentStatus.RECOGNIZED and assessment.decision_number:
        if assessment.decision_date:
            return _("%(number)s ngày %(day)s") % {
                "number": assessment.decision_number,
                "day": date_short(assessment.decision_date),
            }
        return assessment.decision_number
    if decided(assessment):
        return str(assessment.get_status_display())
    return NO_VALUE


def proposal_context(
    *, province: Province, year: int, day: date | None = None, signer: Signer | None = None
) -> dict:
    """The province's proposal (tờ trình) to the Ministry for the wards it forwards."""
    wards = []
    for index, assessment in enumerate(forwarded_assessments(province=province, year=year), 1):
        file_count, toc_sha256 = _dossier_columns(assessment)
        wards.append(
            {
                "index": index,
                "code": assessment.ward.code,
                "name": assessment.ward.name,
                "met": met_text(met=assessment.met, total=assessment.total),
                "file_count": file_count,
                "toc_sha256": toc_sha256,
                "decision": _decision_text(assessment),
            }
        )
    context = {
        **_province_heading(province, type_code="TTr", day=day or timezone.localdate()),
        "year": year,
        "wards": wards,
        "recipients": ["Như trên"],
    }
    context.update((signer or Signer()).context(setting("TRACKER_DOCUMENT_PROVINCE_SIGNER")))
    return clean(context)


def decision_assessments(
    *, year: int, provinces, number: str = "", draft: bool = False
) -> list[Assessment]:
    """The wards a decision recognises: recognised (with that number, if given), or, for a
    draft, those forwarded to the Ministry and awaiting its decision."""
    found = Assessment.objects.filter(year=year, ward__province__in=list(provinces))
    if draft:
        found = found.filter(AWAITING_DECISION)
    else:
        found = found.filter(status=AssessmentStatus.RECOGNIZED)
        if number:
            found = found.filter(decision_number=number.strip())
    return list(
        with_completion(found)
        .select_related("ward__province", "criteria_set")
        .order_by(
            "ward__province__sort_name", "ward__province__code", "ward__sort_name", "ward__code"
        )
    )


def decision_context(
    *,
    year: int,
    provinces,
    number: str = "",
    day: date | None = None,
    draft: bool = False,
    signer: Signer | None = None,
) -> dict:
    """The Ministry's recognition decision and its annex of wards.

    Its number and date are those the workflow recorded when the wards were recognised; a
    draft (wards forwarded, not yet decided) takes them from the caller or leaves them as
    visible placeholders.
    """
    provinces = list(provinces)
    assessments = decision_assessments(year=year, provinces=provinces, number=number, draft=draft)
    if not assessments:
        if draft:
            raise DocumentError(
                _("Năm %(year)s không có phường nào được tỉnh chuyển Bộ và đang chờ quyết định.")
                % {"year": year}
            )
        if number:
            raise DocumentError(
                _("Năm %(year)s không có phường nào được công nhận theo quyết định số %(n)s.")
                % {"year": year, "n": number}
            )
        raise DocumentError(
            _("Năm %(year)s chưa có phường nào được công nhận trong các tỉnh đã chọn.")
            % {"year": year}
        )
    if not draft:
        numbers = sorted({a.decision_number for a in assessments})
        if len(numbers) > 1:
            raise DocumentError(
                _(
                    "Các phường đã chọn được công nhận theo %(count)s quyết định (%(numbers)s): "
                    "chọn một số quyết định."
                )
                % {"count": len(numbers), "numbers": ", ".join(numbers)}
            )
        number = numbers[0]
        day = min(a.decision_date for a in assessments)
    ministry = setting("TRACKER_DOCUMENT_MINISTRY")
    in_decision = sorted(
        {a.ward.province for a in assessments}, key=lambda p: (p.sort_name, p.code)
    )
    places = ", ".join(place_name(p) for p in in_decision)
    if len(in_decision) == 1:
        executors = f"Giám đốc {province_body(in_decision[0])}"
        proposers = province_body(in_decision[0])
    else:
        executors = f"Giám đốc Công an các tỉnh, thành phố: {places}"
        proposers = f"Công an các tỉnh, thành phố: {places}"
    criteria_sets = sorted({a.criteria_set_id for a in assessments})
    criteria_set = assessments[0].criteria_set.name if len(criteria_sets) == 1 else ""
    bases = list(setting("TRACKER_DOCUMENT_DECISION_BASES"))
    if criteria_set:
        bases.append(f"Căn cứ {criteria_set};")
    bases.append(f"Xét đề nghị của {proposers};")
    bases.append(f"Theo đề nghị của {setting('TRACKER_DOCUMENT_DECISION_ADVISOR')}.")
    minister = setting("TRACKER_DOCUMENT_MINISTER")
    ministry_code = setting("TRACKER_DOCUMENT_MINISTRY_CODE")
    context = {
        **_heading(
            parent="",
            issuer=ministry,
            number=number.strip() or f"{NUMBER_PLACEHOLDER}/QĐ-{ministry_code}",
            place=setting("TRACKER_DOCUMENT_MINISTRY_PLACE"),
            day=day,
        ),
        "year": year,
        "date_short": date_short(day) if day else "……/……/……",
        "authority": f"{minister} {ministry}".upper(),
        "authority_name": f"{minister} {ministry}",
        "bases": bases,
        "executors": executors,
        "provinces": [p.name for p in in_decision],
        "provinces_text": f"{in_decision[0].name[:1].lower()}{in_decision[0].name[1:]}"
        if len(in_decision) == 1
        else f"{len(in_decision)} tỉnh, thành phố",
        "wards": [
            {
                "index": index,
                "code": a.ward.code,
                "name": f"Công an {a.ward.name[:1].lower()}{a.ward.name[1:]}",
                "province": a.ward.province.name,
                "met": met_text(met=a.met, total=a.total),
            }
            for index, a in enumerate(assessments, start=1)
        ],
        "recipients": ["Như Điều 3", "Các đồng chí Thứ trưởng"],
        "filing": setting("TRACKER_DOCUMENT_FILING"),
    }
    context.update((signer or Signer()).context(minister))
    return clean(context)
