"""What waits for a user: the work list of the home page, the navigation bar's count, the reminders.

A ward: its criteria not yet assessed and the due date, a return to answer. A province:
its wards incomplete (late when past the due date), proposals to forward, returns
awaiting the ward's answer. The Ministry: proposals to decide, provinces late. Each
entry links to the page where the work is done. A few queries whatever the number
of wards; no history is read (late counts to today, not to a completion date).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tracker.accounts.models import Role
from tracker.accounts.permissions import user_scope, visible_assessments
from tracker.assessments.models import Assessment, AssessmentStatus, ResultStatus
from tracker.assessments.states import AWAITING_DECISION, awaiting_answer, awaiting_review
from tracker.rounds.models import ProvinceRound, Round

# Days before a due date on which a reminder names it.
REMIND_BEFORE = (7, 3, 1)


@dataclass
class WorkItem:
    kind: str
    text: str
    url: str
    late_days: int = 0


@dataclass
class WorkList:
    year: int | None
    due: datetime.date | None
    items: list[WorkItem]
    # Days until the due date, when it is one a reminder names (7, 3 or 1).
    due_in: int | None = None

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def late(self) -> list[WorkItem]:
        return [i for i in self.items if i.late_days]


def _ward_url(a: dict, anchor: str = "") -> str:
    return (
        f"{reverse('ward', args=[a['ward__code']])}?year={a['year']}"
        f"&map={a['ward__edition__code']}{anchor}"
    )


def _dues(year: int) -> tuple[datetime.date | None, dict[str, datetime.date]]:
    """The national due date and each province's (by code) for a year: two queries."""
    national = Round.objects.filter(year=year).values_list("due", flat=True).first()
    provinces = dict(
        ProvinceRound.objects.filter(round__year=year).values_list("province__code", "due")
    )
    return national, provinces


def _late(due: datetime.date | None, today: datetime.date) -> int:
    return max(0, (today - due).days) if due else 0


def work_list(user, today: datetime.date | None = None) -> WorkList:
    """The user's work list for the latest programme year in their scope."""
    today = today or timezone.localdate()
    scope = user_scope(user)
    if scope is None or scope.read_only:
        return WorkList(year=None, due=None, items=[])
    mine = visible_assessments(user=user, queryset=Assessment.objects.all())
    year = mine.aggregate(latest=Max("year"))["latest"]
    if year is None:
        return WorkList(year=None, due=None, items=[])
    national_due, province_dues = _dues(year)
    if scope.role not in (Role.WARD, Role.PROVINCE):
        return _ministry_list(mine, year, national_due, today)
    rows = list(
        mine.filter(year=year)
        .annotate(left=Count("results", filter=Q(results__status=ResultStatus.NOT_ASSESSED)))
        # Only the assessments with something to do: the Ministry's list reads no finished ward.
        .filter(Q(left__gt=0) | Q(status=AssessmentStatus.PROPOSED) | ~Q(review_note=""))
        .order_by(
            "ward__province__sort_name", "ward__province__code", "ward__sort_name", "ward__code"
        )
        .values(
            "pk",
            "year",
            "status",
            "forwarded_at",
            "review_note",
            "left",
            "ward__code",
            "ward__name",
            "ward__edition__code",
            "ward__province__code",
            "ward__province__name",
        )
    )
    items: list[WorkItem] = []
    if scope.role == Role.WARD:
        # The province of the ward itself (a scope made by hand may name no province).
        due = national_due
        for a in rows:
            due = province_dues.get(a["ward__province__code"], national_due)
            if a["left"]:
                late = _late(due, today)
                text = ngettext(
                    "%(ward)s: còn %(count)s tiêu chí chưa đánh giá",
                    "%(ward)s: còn %(count)s tiêu chí chưa đánh giá",
                    a["left"],
                ) % {"ward": a["ward__name"], "count": a["left"]}
                if due:
                    text += _(", hạn %(due)s") % {"due": f"{due:%d/%m/%Y}"}
                if late:
                    text += ngettext(" (trễ %(days)s ngày)", " (trễ %(days)s ngày)", late) % {
                        "days": late
                    }
                items.append(WorkItem("not_assessed", text, _ward_url(a), late))
            if awaiting_answer(_Status(a)):
                items.append(
                    WorkItem(
                        "answer",
                        _("%(ward)s: tỉnh trả lại để giải trình: %(note)s")
                        % {"ward": a["ward__name"], "note": a["review_note"]},
                        _ward_url(a, "#workflow-title"),
                    )
                )
        return WorkList(year=year, due=due, items=items, due_in=_due_in(due, today))
    if scope.role == Role.PROVINCE:
        due = province_dues.get(scope.province.code, national_due)
        for a in rows:
            if a["left"]:
                late = _late(due, today)
                text = ngettext(
                    "%(ward)s chưa đánh giá đủ: còn %(count)s tiêu chí",
                    "%(ward)s chưa đánh giá đủ: còn %(count)s tiêu chí",
                    a["left"],
                ) % {"ward": a["ward__name"], "count": a["left"]}
                if late:
                    text += ngettext(" (trễ %(days)s ngày)", " (trễ %(days)s ngày)", late) % {
                        "days": late
                    }
                items.append(WorkItem("incomplete", text, _ward_url(a), late))
            if awaiting_review(_Status(a)):
                items.append(
                    WorkItem(
                        "forward",
                        _("%(ward)s đề nghị công nhận: thẩm định, chuyển Bộ hoặc trả lại")
                        % {"ward": a["ward__name"]},
                        _ward_url(a, "#workflow-title"),
                    )
                )
            elif awaiting_answer(_Status(a)):
                items.append(
                    WorkItem(
                        "returned",
                        _("%(ward)s: đã trả lại để giải trình, chờ phường trả lời")
                        % {"ward": a["ward__name"]},
                        _ward_url(a),
                    )
                )
        return WorkList(year=year, due=due, items=items, due_in=_due_in(due, today))


def _ministry_list(mine, year: int, national_due, today: datetime.date) -> WorkList:
    """The Ministry's list: the proposals forwarded to it, then (once the national date has
    passed) the provinces with wards not fully assessed. Two small queries: no count over
    every ward's results unless the date has passed, and then one grouped by province."""
    order = ("ward__province__sort_name", "ward__province__code")
    items: list[WorkItem] = []
    for a in (
        mine.filter(AWAITING_DECISION, year=year)
        .order_by(*order, "ward__sort_name", "ward__code")
        .values("year", "ward__code", "ward__name", "ward__edition__code", "ward__province__name")
    ):
        items.append(
            WorkItem(
                "decide",
                _("%(ward)s (%(province)s): tỉnh đã chuyển đề nghị, chờ Bộ quyết định")
                % {"ward": a["ward__name"], "province": a["ward__province__name"]},
                _ward_url(a, "#workflow-title"),
            )
        )
    late = _late(national_due, today)
    if late:
        incomplete: dict[str, list] = {}
        for p in (
            mine.filter(year=year, results__status=ResultStatus.NOT_ASSESSED)
            .order_by(*order)
            .values(*order, "ward__province__name", "ward__edition__code")
            .annotate(wards=Count("pk", distinct=True))
        ):
            incomplete.setdefault(p["ward__province__code"], [p, 0])[1] += p["wards"]
        for code, (p, count) in incomplete.items():
            items.append(
                WorkItem(
                    "province_late",
                    ngettext(
                        "%(province)s trễ hạn %(days)s ngày: %(count)s phường chưa đánh giá đủ",
                        "%(province)s trễ hạn %(days)s ngày: %(count)s phường chưa đánh giá đủ",
                        count,
                    )
                    % {"province": p["ward__province__name"], "days": late, "count": count},
                    f"{reverse('province', args=[code])}?year={year}"
                    f"&map={p['ward__edition__code']}",
                    late,
                )
            )
    return WorkList(year=year, due=national_due, items=items, due_in=_due_in(national_due, today))


class _Status:
    """The fields of an assessment the workflow's states read, from a values() row."""

    def __init__(self, row: dict):
        self.status, self.review_note = row["status"], row["review_note"]
        self.forwarded_at = row["forwarded_at"]


def _due_in(due: datetime.date | None, today: datetime.date) -> int | None:
    if due is None:
        return None
    days = (due - today).days
    return days if days in REMIND_BEFORE else None
