"""What a criterion result shows and what a PATCH may change: the one place to add a field.

The figures of "criteria measured by numbers" are added here: a line in SHOWN for the
result's JSON and one in WRITABLE for the PATCH, each a serializer field; the PATCH passes
every WRITABLE field it was sent to tracker.assessments.services.criterion_result_set_status
by the same name (None leaves a field as it is).
"""

from django.utils.translation import gettext_lazy as _

from tracker.api.fields import choice, text
from tracker.assessments.models import CriterionResult, ResultStatus


def _text(help_text):
    return text(
        required=False,
        allow_blank=True,
        max_length=CriterionResult.TEXT_MAX_LENGTH,
        trim_whitespace=False,
        help_text=help_text,
    )


# name -> a function giving the serializer field of the PATCH body.
WRITABLE = {
    "status": lambda: choice(ResultStatus.choices, required=False, help_text=_("Kết quả.")),
    "note": lambda: _text(_("Ghi chú.")),
    "evidence": lambda: _text(_("Minh chứng (mô tả; tệp tải lên ở .../evidence/).")),
}

# The model's fields the result's JSON shows besides its references.
SHOWN = ["status", "note", "evidence", "version", "changed_at"]
