"""The ward page's evidence forms: what a file is (title, number, date); the files come apart."""

from django import forms
from django.utils.translation import gettext_lazy as _


class EvidenceForm(forms.Form):
    title = forms.CharField(
        label=_("Tiêu đề"),
        max_length=300,
        required=False,
        help_text=_("Để trống: lấy tên tệp."),
    )
    document_number = forms.CharField(label=_("Số văn bản"), max_length=100, required=False)
    document_date = forms.DateField(
        label=_("Ngày văn bản"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
