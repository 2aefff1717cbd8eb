"""Administrative units, kept per map edition.

The map changed on 1 July 2025 (districts abolished, communes merged), and a
code may mean another unit in another edition. Every unit therefore belongs to
one edition, codes are unique only within it, and a unit of one edition points
to its successors in the next through UnitSuccession.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tracker.text import fold
from tracker.units.collation import sort_key

# Room for the hex of ICU's sort key of a long name; a longer key is cut (its order
# then rests on the first few hundred letters, which is more than any unit's name has).
SORT_NAME_LENGTH = 1000


class CodeManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


def unit_sort_name(name: str) -> str:
    return sort_key(name)[:SORT_NAME_LENGTH]


class MapEdition(models.Model):
    code = models.CharField(_("mã"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    effective_from = models.DateField(_("hiệu lực từ"))
    source = models.CharField(_("nguồn"), max_length=300, blank=True)

    objects = CodeManager()

    class Meta:
        ordering = ["effective_from"]
        verbose_name = _("bản đồ hành chính")
        verbose_name_plural = _("bản đồ hành chính")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class ProvinceKind(models.TextChoices):
    PROVINCE = "tinh", _("tỉnh")
    CITY = "thanh_pho_tw", _("thành phố trực thuộc trung ương")


class DistrictKind(models.TextChoices):
    URBAN = "quan", _("quận")
    RURAL = "huyen", _("huyện")
    TOWN = "thi_xa", _("thị xã")
    CITY = "thanh_pho", _("thành phố thuộc tỉnh")


class WardKind(models.TextChoices):
    WARD = "phuong", _("phường")
    COMMUNE = "xa", _("xã")
    TOWNSHIP = "thi_tran", _("thị trấn")
    SPECIAL_ZONE = "dac_khu", _("đặc khu")


class UnitManager(models.Manager):
    def get_by_natural_key(self, edition, code):
        return self.get(edition__code=edition, code=code)


class AdminUnit(models.Model):
    edition = models.ForeignKey(
        MapEdition, on_delete=models.PROTECT, verbose_name=_("bản đồ"), related_name="+"
    )
    name = models.CharField(_("tên"), max_length=200)
    # Folded name: lets "dong vinh" find "Đông Vĩnh" with a plain indexed LIKE.
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    # Vietnamese alphabetical order without the kind (tracker.units.collation); byte order.
    sort_name = models.CharField(max_length=SORT_NAME_LENGTH, editable=False, default="")

    objects = UnitManager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        self.sort_name = unit_sort_name(self.name)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.edition.code, self.code)

    natural_key.dependencies = ["tracker.mapedition"]


class Province(AdminUnit):
    code = models.CharField(_("mã"), max_length=2)
    kind = models.CharField(_("loại"), max_length=20, choices=ProvinceKind.choices)

    class Meta:
        ordering = ["edition", "code"]
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="province_code_per_edition"),
        ]


class District(AdminUnit):
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="districts", verbose_name=_("tỉnh")
    )
    code = models.CharField(_("mã"), max_length=3)
    kind = models.CharField(_("loại"), max_length=20, choices=DistrictKind.choices)

    class Meta:
        ordering = ["edition", "code"]
        verbose_name = _("quận, huyện")
        verbose_name_plural = _("quận, huyện")
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="district_code_per_edition"),
        ]


class Ward(AdminUnit):
    """A commune-level unit: phường, xã, thị trấn or đặc khu.

    The programme concerns the phường; the others are kept because the map,
    the succession and the imports must know them too.
    """

    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="wards", verbose_name=_("tỉnh")
    )
    # Null on the 2025 map, which has no districts.
    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="wards",
        verbose_name=_("quận, huyện"),
    )
    code = models.CharField(_("mã"), max_length=5)
    kind = models.CharField(_("loại"), max_length=20, choices=WardKind.choices)

    class Meta:
        ordering = ["edition", "code"]
        verbose_name = _("đơn vị cấp xã")
        verbose_name_plural = _("đơn vị cấp xã")
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="ward_code_per_edition"),
        ]
        indexes = [models.Index(fields=["province", "kind"], name="ward_province_kind")]


class UnitSuccession(models.Model):
    """One old unit gave (all or part of) itself to one new unit."""

    predecessor = models.ForeignKey(
        Ward, on_delete=models.CASCADE, related_name="successions", verbose_name=_("đơn vị cũ")
    )
    successor = models.ForeignKey(
        Ward, on_delete=models.CASCADE, related_name="formed_from", verbose_name=_("đơn vị mới")
    )
    is_main = models.BooleanField(_("kế thừa chính"), default=True)
    source = models.CharField(_("nguồn"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="succession_once_per_pair"
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"
