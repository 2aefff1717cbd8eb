"""The Vietnamese admin: each concept's admin module registers its models."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tracker.accounts import admin as accounts_admin  # noqa: F401
from tracker.api import admin as api_admin  # noqa: F401
from tracker.assessments import admin as assessments_admin  # noqa: F401
from tracker.criteria import admin as criteria_admin  # noqa: F401
from tracker.documents import admin as documents_admin  # noqa: F401
from tracker.evidence import admin as evidence_admin  # noqa: F401
from tracker.imports import admin as imports_admin  # noqa: F401
from tracker.rounds import admin as rounds_admin  # noqa: F401
from tracker.targets import admin as targets_admin  # noqa: F401
from tracker.units import admin as units_admin  # noqa: F401

admin.site.site_header = _("Theo dõi Công an phường điển hình, kiểu mẫu")
admin.site.site_title = _("Công an phường điển hình, kiểu mẫu")
admin.site.index_title = _("Quản trị dữ liệu")
