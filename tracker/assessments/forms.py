"""Forms of the pages: the status entry of a ward's criteria."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tracker.assessments.services import criterion_result_set_status
from tracker.models import CriterionResult, ResultStatus

EDIT_REASON = _("Cập nhật trên trang phường")
# Service error codes that concern the status field; any other goes to the whole row.
STATUS_ERROR_CODES = {"invalid_status", "stale"}


def _normalise_newlines(value: str) -> str:
    """Browsers send textarea lines as CRLF; stored text uses LF, so an untouched field is equal."""
    return value.replace("\r\n", "\n")


class CriterionResultForm(forms.Form):
    result = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    status = forms.ChoiceField(label=_("Kết quả"), choices=ResultStatus.choices)
    evidence = forms.CharField(
        label=_("Minh chứng"),
        required=False,
        max_length=CriterionResult.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=CriterionResult.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

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
        for form in self.forms:
            if form.cleaned_data.get("result") not in self.results:
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
                    if not form.has_changed():
                        continue
                    data = form.cleaned_data
                    try:
                        criterion_result_set_status(
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
                    changed += 1
                if any(self.errors):
                    raise _Rollback
        except _Rollback:
            return None
        return changed


CriterionResultFormSet = forms.formset_factory(
    CriterionResultForm, formset=BaseCriterionResultFormSet, extra=0
)
