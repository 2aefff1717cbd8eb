"""What a criterion result shows and what a PATCH may change: the one place to add a field.

A line in SHOWN for the result's JSON and one in WRITABLE for the PATCH, each a serializer
field; the PATCH passes every WRITABLE field it was sent to
tracker.assessments.services.criterion_result_set_status by the same name (None leaves a
field as it is), except the parts of a figure (FIGURES): the service takes them together as
`figures`, so service_arguments puts those sent over the stored ones (null clears a part).
"""

from django.utils.translation import gettext_lazy as _

from tracker.api.fields import choice, decimal, text
from tracker.assessments.figures import FIGURE_FIELDS
from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.criteria.indicators import Figures


def _text(help_text):
    return text(
        required=False,
        allow_blank=True,
        max_length=CriterionResult.TEXT_MAX_LENGTH,
        trim_whitespace=False,
        help_text=help_text,
    )


def _figure(help_text):
    return decimal(
        required=False,
        allow_null=True,
        max_digits=14,
        decimal_places=2,
        help_text=help_text,
    )


# name -> a function giving the serializer field of the PATCH body.
WRITABLE = {
    "status": lambda: choice(ResultStatus.choices, required=False, help_text=_("Kết quả.")),
    "note": lambda: _text(_("Ghi chú.")),
    "evidence": lambda: _text(_("Minh chứng (mô tả; tệp tải lên ở .../evidence/).")),
    "numerator": lambda: _figure(_("Tử số (tiêu chí đo bằng tỉ lệ); null để xoá.")),
    "denominator": lambda: _figure(_("Mẫu số (tiêu chí đo bằng tỉ lệ); null để xoá.")),
    "value": lambda: _figure(_("Giá trị (tiêu chí đo bằng một giá trị); null để xoá.")),
    "status_reason": lambda: _text(
        _("Lý do khi kết quả chọn khác với kết quả số liệu cho; bắt buộc khi đó.")
    ),
}

# The parts of a figure, sent to the service together as `figures`.
FIGURES = FIGURE_FIELDS

# The model's fields the result's JSON shows besides its references.
SHOWN = [
    "status",
    "note",
    "evidence",
    "numerator",
    "denominator",
    "value",
    "status_reason",
    "version",
    "changed_at",
]


def service_arguments(validated: dict, result: CriterionResult) -> dict:
    """The PATCH's fields as criterion_result_set_status takes them."""
    arguments = {k: v for k, v in validated.items() if k not in FIGURES}
    if any(part in validated for part in FIGURES):
        stored = Figures.of(result)
        arguments["figures"] = Figures(
            **{part: validated.get(part, stored.part(part)) for part in FIGURES}
        )
    return arguments
