"""Forms of the pages: the status entry of a ward's criteria."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tracker.assessments.figures import FIGURE_FIELDS, figure_rules_check
from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.assessments.services import criterion_result_set_status
from tracker.criteria.indicators import Figures, decimal_read, figure_text

EDIT_REASON = _("Cập nhật trên trang phường")
# Service error codes that concern the status field; any other goes to the whole row.
STATUS_ERROR_CODES = {"invalid_status", "stale"}


def _normalise_newlines(value: str) -> str:
    """Browsers send textarea lines as CRLF; stored text uses LF, so an untouched field is equal."""
    return value.replace("\r\n", "\n")


# The fields a user edits; each posts, beside its value, the value it was shown
# (show_hidden_initial), so an edit is judged against what this user saw, not
# against what someone else has saved since.
EDITABLE = ("status", "evidence", "note", *FIGURE_FIELDS, "status_reason")


class FigureField(forms.CharField):
    """A figure as typed: 12, 12,5 or 12.5; empty is no figure."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return decimal_read(text)
        except ValueError:
            raise ValidationError(
                gettext("'%(value)s' không phải là một số; hãy ghi số, ví dụ 12 hoặc 12,5."),
                code="not_a_number",
                params={"value": text},
            ) from None


def _figure_field(label):
    return FigureField(
        label=label,
        required=False,
        show_hidden_initial=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6, "maxlength": 20}),
    )


class CriterionResultForm(forms.Form):
    result = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    status = forms.ChoiceField(
        label=_("Kết quả"), choices=ResultStatus.choices, show_hidden_initial=True
    )
    # The text beside the files: what the evidence is, where it is kept.
    evidence = forms.CharField(
        label=_("Ghi chú về minh chứng"),
        required=False,
        max_length=CriterionResult.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 1}),
        show_hidden_initial=True,
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=CriterionResult.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 1}),
        show_hidden_initial=True,
    )

    numerator = _figure_field(_("Tử số"))
    denominator = _figure_field(_("Mẫu số"))
    value = _figure_field(_("Giá trị"))
    status_reason = forms.CharField(
        label=_("Lý do kết quả khác số liệu"),
        required=False,
        max_length=CriterionResult.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        show_hidden_initial=True,
    )

    @property
    def figures_edited(self) -> bool:
        return any(name in self.changed_data for name in FIGURE_FIELDS)

    @property
    def edited_fields(self) -> list[str]:
        return [name for name in self.changed_data if name in EDITABLE]

    def clean_evidence(self):
        return _normalise_newlines(self.cleaned_data["evidence"])

    def clean_note(self):
        return _normalise_newlines(self.cleaned_data["note"])

    def clean_status_reason(self):
        return _normalise_newlines(self.cleaned_data["status_reason"])


class _Rollback(Exception):
    """Raised inside the transaction when any row failed, so none is kept."""


def result_initial(r: CriterionResult) -> dict:
    """What a row shows of a stored result, its version included."""
    return {
        "result": r.pk,
        "version": r.version,
        "status": r.status,
        "evidence": r.evidence,
        "note": r.note,
        "numerator": figure_text(r.numerator),
        "denominator": figure_text(r.denominator),
        "value": figure_text(r.value),
        "status_reason": r.status_reason or "",
    }


def _apply(form: CriterionResultForm, result: CriterionResult, *, user) -> CriterionResult | None:
    """Write one edited row through the service; its error goes to the row, None returned."""
    data = form.cleaned_data
    try:
        if data["version"] is None:
            # No version: the save cannot show what it was based on.
            raise ValidationError(
                gettext("Biểu mẫu thiếu phiên bản của kết quả này; hãy tải lại trang rồi lưu lại."),
                code="stale",
            )
        edited = form.edited_fields
        return criterion_result_set_status(
            result=result,
            user=user,
            # Not typed: a figure typed beside it decides the status.
            status=data["status"] if "status" in edited else None,
            evidence=data["evidence"],
            note=data["note"],
            reason=str(EDIT_REASON),
            expected_version=data["version"],
            figures=Figures(*(data[f] for f in FIGURE_FIELDS)) if form.figures_edited else None,
            status_reason=data["status_reason"] if "status_reason" in edited else None,
            check_rules=False,
        )
    except ValidationError as error:
        field = (
            "status"
            if not hasattr(error, "error_dict") and error.code in STATUS_ERROR_CODES
            else None
        )
        form.add_error(field, error)
        return None


def _check_rules(form: CriterionResultForm, result: CriterionResult) -> None:
    """The set's rules between criteria, once what the form changed is written."""
    try:
        figure_rules_check(result.assessment_id, result.criterion.criteria_set_id)
    except ValidationError as error:
        form.add_error(None, error)


def row_form(data, *, results: list[CriterionResult], index: int) -> CriterionResultForm:
    """One row of the page's formset on its own: the same names, so the page posts either."""
    return CriterionResultForm(data, prefix=f"form-{index}", initial=result_initial(results[index]))


def row_save(form: CriterionResultForm, result: CriterionResult, *, user) -> CriterionResult | None:
    """Save one row alone, in its own transaction; the stored result, or None on errors.

    The same service and checks as the whole form: the version it was shown, the
    rights and locks, the history; the other rows are neither read nor written.
    """
    if not form.is_valid() or form.cleaned_data["result"] != result.pk:
        if form.is_valid():
            form.add_error(
                None, gettext("Biểu mẫu không khớp với tiêu chí này; hãy tải lại trang.")
            )
        return None
    if not form.edited_fields:
        return result
    try:
        with transaction.atomic():
            saved = _apply(form, result, user=user)
            if saved is not None and form.figures_edited:
                _check_rules(form, result)
            if saved is None or form.errors:
                raise _Rollback
    except _Rollback:
        return None
    return saved


class BaseCriterionResultFormSet(forms.BaseFormSet):
    def __init__(self, *args, results: list[CriterionResult], **kwargs):
        self.results = {r.pk: r for r in results}
        kwargs.setdefault("initial", [result_initial(r) for r in results])
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
        figures_form = None
        try:
            with transaction.atomic():
                for form in self.forms:
                    if not form.edited_fields:
                        continue
                    data = form.cleaned_data
                    saved = _apply(form, self.results[data["result"]], user=user)
                    if saved is None:
                        continue
                    changed += saved.version != data["version"]
                    figures_form = figures_form or (form if form.figures_edited else None)
                if figures_form is not None and not any(self.errors):
                    # The set's rules between criteria, once the whole form is written.
                    _check_rules(figures_form, self.results[figures_form.cleaned_data["result"]])
                if any(self.errors):
                    raise _Rollback
        except _Rollback:
            return None
        return changed


CriterionResultFormSet = forms.formset_factory(
    CriterionResultForm, formset=BaseCriterionResultFormSet, extra=0
)
