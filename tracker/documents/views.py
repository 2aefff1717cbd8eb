"""Downloading the official documents: the province's report and proposal, the Ministry's decision.

Every download passes the scope check first: a province's documents go to those who may
see the province, the decision to the Ministry only.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tracker.accounts.permissions import user_is_national_admin
from tracker.assessments.models import Assessment, AssessmentStatus
from tracker.documents.context import DocumentError, Signer
from tracker.documents.render import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    DocumentBusy,
    pdf_available,
)
from tracker.documents.service import document_bytes, document_name
from tracker.units.models import Province
from tracker.web import period_from_request, province_or_404


def _download(data: bytes, file_name: str, pdf: bool) -> HttpResponse:
    response = HttpResponse(data, content_type=PDF_CONTENT_TYPE if pdf else DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@login_required
def province_document(request: HttpRequest, code: str, kind: str, pdf: bool = False):
    period = period_from_request(request)
    unit = province_or_404(edition=period.edition, code=code, user=request.user)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    try:
        data = document_bytes(kind=kind, provinces=[unit], year=period.year, pdf=pdf)
    except DocumentBusy as error:
        response = HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "30"
        return response
    except DocumentError as error:
        raise Http404(str(error)) from None
    return _download(data, document_name(kind, year=period.year, code=unit.code, pdf=pdf), pdf)


SIGNER_TITLES = [
    ("Bộ trưởng", gettext_lazy("BỘ TRƯỞNG")),
    ("KT. Bộ trưởng / Thứ trưởng", gettext_lazy("KT. BỘ TRƯỞNG – THỨ TRƯỞNG")),
]


class ProvinceByCodeField(forms.ModelMultipleChoiceField):
    """Provinces of one map, chosen by code ("40 – Nghệ An"), never by internal id."""

    def label_from_instance(self, obj):
        return f"{obj.code} – {obj.name}"


class DecisionForm(forms.Form):
    provinces = ProvinceByCodeField(
        label=gettext_lazy("Tỉnh, thành phố"),
        queryset=Province.objects.none(),
        to_field_name="code",
        required=False,
        help_text=gettext_lazy("Bỏ trống: mọi tỉnh, thành phố."),
        # Ticked one by one, on a phone too: no Ctrl-click list.
        widget=forms.CheckboxSelectMultiple(attrs={"class": "province-choices"}),
    )
    draft = forms.BooleanField(
        label=gettext_lazy("Dự thảo cho các phường tỉnh đã chuyển Bộ, chưa quyết định"),
        required=False,
    )
    decision_number = forms.CharField(
        label=gettext_lazy("Số quyết định"),
        max_length=50,
        required=False,
        help_text=gettext_lazy(
            "Bỏ trống: số đã ghi nhận khi công nhận (hoặc để trống chỗ số trong dự thảo)."
        ),
    )
    decision_date = forms.DateField(
        label=gettext_lazy("Ngày ký (dự thảo)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Quyết định đã ghi nhận dùng ngày đã ghi nhận."),
    )
    signer_title = forms.ChoiceField(label=gettext_lazy("Thẩm quyền ký"), choices=SIGNER_TITLES)
    signer_name = forms.CharField(
        label=gettext_lazy("Họ và tên người ký"), max_length=100, required=False
    )
    pdf = forms.BooleanField(label=gettext_lazy("Tải bản PDF"), required=False)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provinces"].queryset = Province.objects.filter(edition=edition).order_by(
            "sort_name", "code"
        )
        self.fields["provinces"].label = _("Tỉnh, thành phố trên bản đồ %(map)s") % {
            "map": edition.code
        }
        if not pdf_available():
            del self.fields["pdf"]


@login_required
def decision_document(request: HttpRequest) -> HttpResponse:
    """The recognition decision: a form for its wards, number, date and signer, then the file."""
    if not user_is_national_admin(request.user):
        raise PermissionDenied(_("Chỉ Bộ Công an được soạn quyết định công nhận."))
    period = period_from_request(request)
    form = DecisionForm(request.POST or None, edition=period.edition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        provinces = list(data["provinces"]) or list(form.fields["provinces"].queryset)
        pdf = bool(data.get("pdf"))
        try:
            content = document_bytes(
                kind="decision",
                provinces=provinces,
                year=period.year,
                number=data["decision_number"],
                day=data["decision_date"],
                draft=data["draft"],
                signer=Signer(title=data["signer_title"], name=data["signer_name"]),
                pdf=pdf,
            )
        except DocumentError as error:
            form.add_error(None, str(error))
        else:
            return _download(content, document_name("decision", year=period.year, pdf=pdf), pdf)
    recorded = (
        Assessment.objects.filter(
            year=period.year,
            status=AssessmentStatus.RECOGNIZED,
            ward__edition=period.edition,
        )
        .order_by("decision_date", "decision_number")
        .values_list("decision_number", "decision_date")
        .distinct()
    )
    return render(
        request,
        "tracker/decision.html",
        {**period.context(), "form": form, "recorded": list(recorded)},
    )
