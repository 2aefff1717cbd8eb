"""The forms of the import: the upload (the app's page) and the template download (the admin)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from tracker.accounts.permissions import user_is_national, visible_provinces
from tracker.imports.safety import too_large
from tracker.units.maps import map_in_force_today
from tracker.units.models import MapEdition, Province


def _map_choices() -> list[tuple[str, str]]:
    return [
        (e.code, f"{e.code} – {e.name}") for e in MapEdition.objects.order_by("-effective_from")
    ]


class MapProvinceForm(forms.Form):
    """A map, and the provinces of that map the user sees, by code: one map's list, never
    the codes of one map with the names of another. The map is the one in force today
    unless the form chose another (or the page gave another as `map_code`)."""

    map = forms.ChoiceField(
        label=gettext_lazy("Bản đồ hành chính"),
        required=False,
        help_text=gettext_lazy("Danh sách tỉnh là các tỉnh của bản đồ này."),
    )
    province = forms.ChoiceField(
        label=gettext_lazy("Tỉnh"),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Không có tỉnh mã %(value)s trong danh sách của bạn trên bản đồ đã chọn: "
                "hãy chọn một tỉnh trong danh sách, hoặc đổi bản đồ."
            )
        },
    )
    every_province = gettext_lazy("(theo tệp)")

    def __init__(self, *args, user, map_code: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["map"].choices = _map_choices()
        if map_code is None:
            today = map_in_force_today()
            map_code = today.code if today else None
        self.fields["map"].initial = map_code
        chosen = self.data.get(self.add_prefix("map")) if self.is_bound else None
        if chosen not in dict(self.fields["map"].choices):
            chosen = self.fields["map"].initial
        provinces = visible_provinces(
            user=user, queryset=Province.objects.filter(edition__code=chosen)
        ).order_by("code")
        self.fields["province"].choices = [
            ("", self.every_province),
            *((p.code, f"{p.code} – {p.name}") for p in provinces),
        ]
        self.shown_map = chosen

    def clean_map(self) -> str | None:
        return self.cleaned_data["map"] or self.shown_map


class ImportUploadForm(MapProvinceForm):
    """The app's upload: a province's account imports for its own province only (its list
    holds that one); the Ministry chooses a province of the map, or leaves it to the file."""

    file = forms.FileField(label=gettext_lazy("Tệp (.xlsx, .xls, .ods, .csv)"))
    year = forms.TypedChoiceField(
        label=gettext_lazy("Năm"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=gettext_lazy("Tệp mẫu của hệ thống ghi năm của nó: năm chọn phải trùng."),
    )
    field_order = ["province", "year", "map", "file"]

    def __init__(self, *args, user, years: list[int], year: int, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["year"].choices = [("", gettext_lazy("(theo tệp)"))] + [
            (y, str(y)) for y in years
        ]
        self.fields["year"].initial = year
        self.national = user_is_national(user)
        if not self.national:
            # Its own province, the only one it may import for: no "as the file says".
            # Its one option; posted blank, it is still the account's own (import_batch_apply).
            own = self.fields["province"].choices[1:]
            self.fields["province"].choices = own
            self.fields["province"].initial = own[0][0] if own else None
            self.fields["province"].help_text = gettext_lazy(
                "Tài khoản của tỉnh chỉ nhập dữ liệu của tỉnh mình."
            )
        else:
            self.fields["province"].help_text = gettext_lazy(
                "Để trống khi tệp là tệp toàn quốc, hoặc để tệp tự ghi tỉnh của nó."
            )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        message = too_large(size=upload.size, file_name=upload.name)
        if message:
            raise ValidationError(message, code="too_large")
        return upload


class ExportForm(MapProvinceForm):
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2000, max_value=2100)
    all_wards = forms.BooleanField(
        label=gettext_lazy("Mọi phường của tỉnh (cả phường chưa đăng ký)"), required=False
    )
    every_province = gettext_lazy("Toàn quốc")


def conflict_choices(data) -> tuple[str | None, dict[int, str]]:
    """The preview's choices as posted: the one for all, and each conflict's by result id."""

    def choice(value) -> str | None:
        return value if value in ("keep", "file") else None

    each = {
        int(key.removeprefix("conflict-")): picked
        for key, value in data.items()
        if key.startswith("conflict-")
        and key.removeprefix("conflict-").isdigit()
        and (picked := choice(value))
    }
    return choice(data.get("conflicts")), each
