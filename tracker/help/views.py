"""The help page: open to everyone, signed in or not (the login page links to it).

Nothing on it is typed twice: the criteria and their evidence rules are read from the set
in force this programme year, the workbook's columns and guide from the template that
writes them (tracker.imports.template), the steps from the workflow's STEPS, the
statuses from their choices. What is written here is only how to say each step.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from tracker.accounts.models import Role
from tracker.accounts.permissions import user_scope
from tracker.assessments.models import AssessmentStatus, ResultStatus
from tracker.assessments.workflow import STEPS
from tracker.criteria.indicators import threshold_text
from tracker.criteria.models import FigureRule, Measure
from tracker.criteria.selectors import criteria_set_in_force
from tracker.evidence.types import ALLOWED
from tracker.imports.contract import CRITERIA_SHEET, DATA_SHEET, GUIDE_SHEET
from tracker.imports.template import data_header, guide_lines
from tracker.rounds.models import Round
from tracker.targets.calendar import current_year


def _step_texts() -> dict[str, str]:
    """What each step of tracker.assessments.workflow.STEPS does, in the users' words."""
    return {
        "propose": _(
            "Công an phường đề nghị công nhận khi mọi tiêu chí đã Đạt và các tiêu chí cần "
            "minh chứng đã có tệp; sau khi bị trả lại, phường ghi giải trình rồi đề nghị lại."
        ),
        "forward": _("Công an tỉnh thẩm định hồ sơ và chuyển đề nghị lên Bộ."),
        "return": _(
            "Công an tỉnh trả lại hồ sơ để phường giải trình, ghi rõ lý do; phường sửa, "
            "giải trình và đề nghị lại."
        ),
        "recognize": _("Bộ Công an công nhận, ghi số và ngày của quyết định công nhận."),
        "refuse": _("Bộ Công an không công nhận, ghi rõ lý do."),
        "reopen": _("Bộ Công an mở lại một hồ sơ đã quyết định, ghi rõ lý do."),
    }


def _step_names() -> dict[str, str]:
    return {
        "propose": _("Đề nghị công nhận"),
        "forward": _("Chuyển Bộ"),
        "return": _("Trả lại để giải trình"),
        "recognize": _("Công nhận"),
        "refuse": _("Không công nhận"),
        "reopen": _("Mở lại"),
    }


def _criteria(year: int) -> tuple:
    criteria_set = criteria_set_in_force(year)
    if criteria_set is None:
        return None, [], []
    criteria = list(criteria_set.criteria.order_by("number"))
    for c in criteria:
        c.threshold_shown = threshold_text(c)
        c.figure_names = (
            [c.numerator_label, c.denominator_label]
            if c.measure == Measure.RATIO
            else [c.value_label]
            if c.measure == Measure.COUNT
            else []
        )
    rules = [
        str(rule)
        for rule in FigureRule.objects.filter(criteria_set=criteria_set)
        .select_related("left", "right")
        .order_by("left__number", "right__number", "pk")
    ]
    return criteria_set, criteria, rules


def _contacts(request) -> list[tuple[str, str]]:
    """Who each role asks; the signed-in user's own line first, named where the scope says."""
    scope = user_scope(request.user)
    province = getattr(getattr(scope, "province", None), "name", "") if scope else ""
    lines = {
        Role.WARD: (
            _("Công an phường"),
            (
                _(
                    "hỏi đơn vị theo dõi phong trào của Công an %(province)s (nơi giao hạn và "
                    "thẩm định hồ sơ của phường)."
                )
                % {"province": province}
                if province and scope.role == Role.WARD
                else _(
                    "hỏi đơn vị theo dõi phong trào của Công an tỉnh, thành phố (nơi giao hạn và "
                    "thẩm định hồ sơ của phường)."
                )
            ),
        ),
        Role.PROVINCE: (
            _("Công an tỉnh, thành phố"),
            _(
                "hỏi cơ quan thường trực của Bộ Công an theo dõi phong trào (nơi giao chỉ tiêu, "
                "hạn gửi đề nghị và quyết định công nhận)."
            ),
        ),
        Role.NATIONAL: (
            _("Bộ Công an"),
            _("hỏi quản trị viên hệ thống về tài khoản, dữ liệu và nhập liệu toàn quốc."),
        ),
    }
    own = scope.role if scope is not None and scope.role in lines else None
    order = [own, *(r for r in lines if r != own)] if own else list(lines)
    return [lines[r] for r in order]


@require_safe
def help_page(request: HttpRequest) -> HttpResponse:
    year = current_year()
    criteria_set, criteria, rules = _criteria(year)
    names, texts = _step_names(), _step_texts()
    steps = [
        {"name": names[key], "text": texts[key], "who": str(step.refusal)}
        for key, step in STEPS.items()
    ]
    due = Round.objects.filter(year=year).values_list("due", flat=True).first()
    return render(
        request,
        "tracker/help.html",
        {
            "help_year": year,
            "criteria_set": criteria_set,
            "criteria": criteria,
            "rules": rules,
            "columns": data_header(criteria),
            "guide": guide_lines(f"TC{criteria[-1].number}" if criteria else ""),
            "sheets": {"data": DATA_SHEET, "criteria": CRITERIA_SHEET, "guide": GUIDE_SHEET},
            "steps": steps,
            "statuses": [label for _value, label in AssessmentStatus.choices],
            "results": [label for _value, label in ResultStatus.choices],
            "due": due,
            "contacts": _contacts(request),
            "evidence_types": sorted({ext.lstrip(".").upper() for ext in ALLOWED.values()}),
            "evidence_file_mb": settings.TRACKER_EVIDENCE_MAX_FILE_MB,
            "evidence_all_mb": settings.TRACKER_EVIDENCE_MAX_ASSESSMENT_MB,
        },
    )
