from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tracker"
    verbose_name = _("Công an phường điển hình, kiểu mẫu")

    def ready(self):
        from tracker.accounts import signals  # noqa: F401  (connects the audit receivers)
