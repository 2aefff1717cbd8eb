"""The account's scope form: a map, then the province and the ward by code or name on it.

Never by internal id: "40" on the 2025 map is Nghệ An, whatever its row number.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tracker.accounts.managed import unit_on_map, ward_of_province
from tracker.accounts.models import UserScope
from tracker.accounts.permissions import visible_provinces
from tracker.units.maps import map_in_force_today
from tracker.units.models import MapEdition, Province, Ward, WardKind


class UserScopeForm(forms.ModelForm):
    """Role, map, province and ward of an account; `user` (set by the admin) is who edits it:
    a province's account finds only its own province."""

    map = forms.ChoiceField(
        label=gettext_lazy("Bản đồ hành chính"),
        help_text=gettext_lazy("Tỉnh và phường được tìm trên bản đồ này."),
    )
    province = forms.CharField(
        label=gettext_lazy("Tỉnh"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Mã hoặc tên tỉnh trên bản đồ đã chọn, ví dụ 40 hay Nghệ An."),
    )
    ward = forms.CharField(
        label=gettext_lazy("Phường"),
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "Mã hoặc tên phường trên bản đồ đã chọn, ví dụ 16681 hay Thành Vinh; "
            "phường phải thuộc tỉnh đã chọn."
        ),
    )

    field_order = ["role", "map", "province", "ward"]
    user = None

    class Meta:
        model = UserScope
        fields = ["role", "province", "ward"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        editions = list(MapEdition.objects.order_by("-effective_from"))
        self.fields["map"].choices = [(e.code, f"{e.code} – {e.name}") for e in editions]
        scope = self.instance
        unit = scope.ward if scope.ward_id else scope.province if scope.province_id else None
        if unit is not None:
            self.initial["map"] = unit.edition.code
            self.initial["province"] = scope.province.code if scope.province_id else ""
            self.initial["ward"] = scope.ward.code if scope.ward_id else ""
        else:
            today = map_in_force_today()
            self.initial["map"] = today.code if today else ""
            self.initial["province"] = self.initial["ward"] = ""

    def _edition(self) -> MapEdition | None:
        code = self.cleaned_data.get("map")
        return MapEdition.objects.filter(code=code).first() if code else None

    def clean_province(self) -> Province | None:
        term = self.cleaned_data["province"].strip()
        edition = self._edition()
        if not term or edition is None:
            return None
        provinces = Province.objects.filter(edition=edition)
        if self.user is not None:
            provinces = visible_provinces(user=self.user, queryset=provinces)
        return unit_on_map(provinces, term, what=_("tỉnh"), edition=edition)

    def clean_ward(self) -> Ward | None:
        term = self.cleaned_data["ward"].strip()
        edition = self._edition()
        if not term or edition is None:
            return None
        province = self.cleaned_data.get("province")
        if province is None:
            wards = Ward.objects.filter(edition=edition, kind=WardKind.WARD)
            return unit_on_map(wards, term, what=_("phường"), edition=edition)
        return ward_of_province(
            term,
            province=province,
            edition=edition,
            elsewhere=_(
                "%(ward)s (%(code)s) thuộc %(other)s, không thuộc %(province)s đã "
                "chọn. Hãy chọn một phường của %(province)s, hoặc đổi tỉnh."
            ),
        )

    def clean(self):
        data = super().clean()
        ward = data.get("ward")
        if ward is not None and data.get("province") is None and not self.has_error("province"):
            # A ward alone gives its province.
            data["province"] = ward.province
        return data
