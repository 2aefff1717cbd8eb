"""What waits for a user: the work list of the home page, the navigation bar's count, the reminders.

A ward: its criteria not yet assessed, its criteria at "Chưa đạt" or "Đang thực hiện", a
return to answer. A province: its wards with criteria at "Chưa đạt" or "Đang thực hiện"
past the due date, its wards with criteria not assessed (late when past the due date),
proposals to forward, returns awaiting the ward's answer. The Ministry: proposals to
decide, provinces late. Each entry links to the page where the work is done; the page
shows them grouped by kind with a count.

The year is the programme calendar's (tracker.targets.calendar.current_year: today's
local year), not the latest year with data. The previous programme year's open acts
(a proposal not yet forwarded or decided, a return not yet answered) are listed too:
each is a request made to someone, which the new year does not close; that year's
criteria are not, its reports having closed with the year.

A fixed number of queries whatever the number of wards: the counts come from the tally
the database keeps per assessment (tracker.assessments.tally), never from the results;
no history is read (late counts to today, not to a completion date).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tracker.accounts.models import Role
from tracker.accounts.permissions import user_scope, visible_assessments
from tracker.assessments.models import Assessment
from tracker.assessments.states import (
    AWAITING_DECISION,
    AWAITING_REVIEW,
    BUILDING_STATUSES,
    awaiting_answer,
    awaiting_review,
)
from tracker.rounds.completeness import round_dues
from tracker.targets.calendar import current_year

# Days before a due date on which a reminder names it.
REMIND_BEFORE = (7, 3, 1)

# The groups of the page, in the order it shows them.
KINDS = (
    "unmet",
    "not_assessed",
    "incomplete",
    "answer",
    "returned",
    "forward",
    "decide",
    "province_late",
)


def kind_title(kind: str) -> str:
    return {
        "unmet": _("Phường có tiêu chí Chưa đạt hoặc Đang thực hiện"),
        "not_assessed": _("Tiêu chí chưa đánh giá"),
        "incomplete": _("Phường còn tiêu chí chưa đánh giá"),
        "answer": _("Hồ sơ bị trả lại, cần giải trình"),
        "returned": _("Đã trả lại, chờ phường giải trình"),
        "forward": _("Đề nghị chờ tỉnh thẩm định, chuyển Bộ"),
        "decide": _("Đề nghị chờ Bộ quyết định"),
        "province_late": _("Tỉnh trễ hạn"),
    }[kind]


@dataclass
class WorkItem:
    kind: str
    text: str
    url: str
    late_days: int = 0


@dataclass
class WorkGroup:
    kind: str
    title: str
    items: list[WorkItem]

    @property
    def count(self) -> int:
        return len(self.items)


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

    @property
    def groups(self) -> list[WorkGroup]:
        found = {kind: [i for i in self.items if i.kind == kind] for kind in KINDS}
        return [WorkGroup(k, kind_title(k), items) for k, items in found.items() if items]


def _ward_url(a: dict, anchor: str = "") -> str:
    return (
        f"{reverse('ward', args=[a['ward__code']])}?year={a['year']}"
        f"&map={a['ward__edition__code']}{anchor}"
    )


def _late(due: datetime.date | None, today: datetime.date) -> int:
    return max(0, (today - due).days) if due else 0


def _late_text(late: int) -> str:
    return ngettext(" (trễ %(days)s ngày)", " (trễ %(days)s ngày)", late) % {"days": late}


def _of_year(a: dict, year: int) -> str:
    """The ward's name, with the year when the entry is the previous year's."""
    if a["year"] == year:
        return a["ward__name"]
    return _("%(ward)s (năm %(year)s)") % {"ward": a["ward__name"], "year": a["year"]}


# The tally's counts: left to assess, and assessed but not met (Chưa đạt, Đang thực hiện).
LEFT = F("tally__total") - F("tally__assessed")
UNMET = F("tally__assessed") - F("tally__met")
UNFINISHED = Q(tally__assessed__lt=F("tally__total")) | Q(tally__met__lt=F("tally__assessed"))


def work_list(user, today: datetime.date | None = None) -> WorkList:
    """The user's work list for the programme year of today (and last year's open acts)."""
    today = today or timezone.localdate()
    scope = user_scope(user)
    if scope is None or scope.read_only:
        return WorkList(year=None, due=None, items=[])
    year = current_year(today)
    mine = visible_assessments(user=user, queryset=Assessment.objects.all())
    national_due, province_dues = round_dues(year)
    if scope.role not in (Role.WARD, Role.PROVINCE):
        return _ministry_list(mine, year, national_due, today)
    building = Q(status__in=BUILDING_STATUSES)
    rows = list(
        mine.filter(year__in=(year - 1, year))
        .filter(
            Q(building, UNFINISHED, year=year) | AWAITING_REVIEW | Q(building, ~Q(review_note=""))
        )
        .annotate(left=LEFT, unmet=UNMET)
        .order_by(
            "-year",
            "ward__province__sort_name",
            "ward__province__code",
            "ward__sort_name",
            "ward__code",
        )
        .values(
            "pk",
            "year",
            "status",
            "forwarded_at",
            "review_note",
            "left",
            "unmet",
            "ward__code",
            "ward__name",
            "ward__edition__code",
            "ward__province__code",
        )
    )
    for a in rows:
        # A ward with no result yet has no tally: nothing counted, nothing listed as left.
        a["left"], a["unmet"] = a["left"] or 0, a["unmet"] or 0
        # Only this year's criteria wait; last year's rows are here for their open acts.
        if a["year"] != year or a["status"] not in BUILDING_STATUSES:
            a["left"] = a["unmet"] = 0
    if scope.role == Role.WARD:
        return _ward_list(rows, year, national_due, province_dues, today)
    due = province_dues.get(scope.province.code, national_due)
    late = _late(due, today)
    items: list[WorkItem] = []
    for a in rows:
        name = _of_year(a, year)
        if a["unmet"] and late:
            items.append(
                WorkItem(
                    "unmet",
                    ngettext(
                        "%(ward)s: %(count)s tiêu chí Chưa đạt hoặc Đang thực hiện",
                        "%(ward)s: %(count)s tiêu chí Chưa đạt hoặc Đang thực hiện",
                        a["unmet"],
                    )
                    % {"ward": name, "count": a["unmet"]}
                    + _late_text(late),
                    _ward_url(a),
                    late,
                )
            )
        if a["left"]:
            text = ngettext(
                "%(ward)s chưa đánh giá đủ: còn %(count)s tiêu chí",
                "%(ward)s chưa đánh giá đủ: còn %(count)s tiêu chí",
                a["left"],
            ) % {"ward": name, "count": a["left"]}
            text += _late_text(late) if late else ""
            items.append(WorkItem("incomplete", text, _ward_url(a), late))
        if awaiting_review(_Status(a)):
            items.append(
                WorkItem(
                    "forward",
                    _("%(ward)s đề nghị công nhận: thẩm định, chuyển Bộ hoặc trả lại")
                    % {"ward": name},
                    _ward_url(a, "#workflow-title"),
                )
            )
        elif awaiting_answer(_Status(a)):
            items.append(
                WorkItem(
                    "returned",
                    _("%(ward)s: đã trả lại để giải trình, chờ phường trả lời") % {"ward": name},
                    _ward_url(a),
                )
            )
    return WorkList(year=year, due=due, items=items, due_in=_due_in(due, today))


def _ward_list(rows, year, national_due, province_dues, today) -> WorkList:
    """A ward's own list: its criteria left and not met (late past the due), its returns."""
    items: list[WorkItem] = []
    due = national_due
    for a in rows:
        if a["year"] == year:
            due = province_dues.get(a["ward__province__code"], national_due)
        late = _late(due, today) if a["year"] == year else 0
        name = _of_year(a, year)
        suffix = (_(", hạn %(due)s") % {"due": f"{due:%d/%m/%Y}"} if due else "") + (
            _late_text(late) if late else ""
        )
        if a["unmet"]:
            text = ngettext(
                "%(ward)s: %(count)s tiêu chí Chưa đạt hoặc Đang thực hiện",
                "%(ward)s: %(count)s tiêu chí Chưa đạt hoặc Đang thực hiện",
                a["unmet"],
            ) % {"ward": name, "count": a["unmet"]}
            items.append(WorkItem("unmet", text + suffix, _ward_url(a), late))
        if a["left"]:
            text = ngettext(
                "%(ward)s: còn %(count)s tiêu chí chưa đánh giá",
                "%(ward)s: còn %(count)s tiêu chí chưa đánh giá",
                a["left"],
            ) % {"ward": name, "count": a["left"]}
            items.append(WorkItem("not_assessed", text + suffix, _ward_url(a), late))
        if awaiting_answer(_Status(a)):
            items.append(
                WorkItem(
                    "answer",
                    _("%(ward)s: tỉnh trả lại để giải trình: %(note)s")
                    % {"ward": name, "note": a["review_note"]},
                    _ward_url(a, "#workflow-title"),
                )
            )
    return WorkList(year=year, due=due, items=items, due_in=_due_in(due, today))


def _ministry_list(mine, year: int, national_due, today: datetime.date) -> WorkList:
    """The Ministry's list: the proposals forwarded to it (this year's and last year's), then
    (once the national date has passed) the provinces with wards not finished. Two queries,
    the second grouped by province from the tallies."""
    order = ("ward__province__sort_name", "ward__province__code")
    items: list[WorkItem] = []
    for a in (
        mine.filter(AWAITING_DECISION, year__in=(year - 1, year))
        .order_by("-year", *order, "ward__sort_name", "ward__code")
        .values("year", "ward__code", "ward__name", "ward__edition__code", "ward__province__name")
    ):
        items.append(
            WorkItem(
                "decide",
                _("%(ward)s (%(province)s): tỉnh đã chuyển đề nghị, chờ Bộ quyết định")
                % {"ward": _of_year(a, year), "province": a["ward__province__name"]},
                _ward_url(a, "#workflow-title"),
            )
        )
    late = _late(national_due, today)
    if late:
        incomplete: dict[str, list] = {}
        for p in (
            mine.filter(UNFINISHED, year=year, status__in=BUILDING_STATUSES)
            .order_by(*order)
            .values(*order, "ward__province__name", "ward__edition__code")
            .annotate(wards=Count("pk"))
        ):
            incomplete.setdefault(p["ward__province__code"], [p, 0])[1] += p["wards"]
        for code, (p, count) in incomplete.items():
            items.append(
                WorkItem(
                    "province_late",
                    ngettext(
                        "%(province)s trễ hạn %(days)s ngày: %(count)s phường chưa hoàn thành",
                        "%(province)s trễ hạn %(days)s ngày: %(count)s phường chưa hoàn thành",
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
