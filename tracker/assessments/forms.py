"""Forms of the pages: the status entry of a ward's criteria."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.assessments.services import criterion_result_set_status

EDIT_REASON = _("Cập nhật trên trang phường")
# Service error codes that concern the status field; any other goes to the whole row.
STATUS_ERROR_CODES = {"invalid_status", "stale"}


def _normalise_newlines(value: str) -> str:
    """Browsers send textarea lines as CRLF; stored text uses LF, so an untouched field is equal."""
    return value.replace("\r\n", "\n")


# The fields a user edits; each posts, beside its value, the value it was shown
# (show_hidden_initial), so an edit is judged against what this user saw, not
# against what someone else has saved since.
EDITABLE = ("status", "evidence", "note")


class CriterionResultForm(forms.Form):
    result = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    status = forms.ChoiceField(
        label=_("Kết quả"), choices=ResultStatus.choices, show_hidden_initial=True
    )
    evidence = forms.CharField(
        label=_("Minh chứng"),
        required=False,
        max_length=CriterionResult.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        show_hidden_initial=True,
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=CriterionResult.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        show_hidden_initial=True,
    )

    @property
    def edited_fields(self) -> list[str]:
        return [name for name in self.changed_data if name in EDITABLE]

    def clean_evidence(self):
        return _normalise_newlines(self.cleaned_data["evidence"])

    def clean_note(self):
        return _normalise_newlines(self.cleaned_data["note"])


class _Rollback(Exception):
    """Raised inside the transaction when any row failed, so none is kept."""


class BaseCriterionResultFormSet(forms.BaseFormSet):
    def __init__(self, *args, results: list[CriterionResult], **kwargs):
        self.results = {r.pk: r for r in results}
        kwargs.setdefault(
            "initial",
            [
                {
                    "result": r.pk,
                    "version": r.version,
                    "status": r.status,
                    "evidence": r.evidence,
                    "note": r.note,
                }
                for r in results
            ],
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        posted = [form.cleaned_data.get("result") for form in self.forms]
        if posted != list(self.results):
            # The rows are shown in the order of the results: any other set or order
            # would pair a value with the wrong criterion.
            raise ValidationError(
                gettext("Biểu mẫu không khớp với các tiêu chí của phường; hãy tải lại trang."),
                code="unknown_result",
            )

    def save(self, *, user) -> int | None:
        """Apply every changed row in one transaction; the number changed, or None on errors.

        A row the service refuses (e.g. changed meanwhile by someone else) gets
        its error at its field, and no row of the form is kept.
        """
        changed = 0
        try:
            with transaction.atomic():
                for form in self.forms:
                    if not form.edited_fields:
                        continue
                    data = form.cleaned_data
                    try:
                        if data["version"] is None:
                            # No version: the save cannot show what it was based on.
                            raise ValidationError(
                                gettext(
                                    "Biểu mẫu thiếu phiên bản của kết quả này; "
                                    "hãy tải lại trang rồi lưu lại."
                                ),
                                code="stale",
                            )
                        saved = criterion_result_set_status(
                            result=self.results[data["result"]],
                            user=user,
                            status=data["status"],
                            evidence=data["evidence"],
                            note=data["note"],
                            reason=str(EDIT_REASON),
                            expected_version=data["version"],
                        )
                    except ValidationError as error:
                        field = "status" if error.code in STATUS_ERROR_CODES else None
                        form.add_error(field, error)
                        continue
                    changed += saved.version != data["version"]
                if any(self.errors):
                    raise _Rollback
        except _Rollback:
            return None
        return changed


CriterionResultFormSet = forms.formset_factory(
    CriterionResultForm, formset=BaseCriterionResultFormSet, extra=0
)
