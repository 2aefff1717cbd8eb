"""Remove the import previews whose time is up, with their files."""

from django.core.management.base import BaseCommand

from tracker.conf import setting
from tracker.imports.previews import import_previews_purge


class Command(BaseCommand):
    help = (
        "Xoá các bản xem trước nhập tệp đã hết hạn (TRACKER_IMPORT_PREVIEW_SECONDS) "
        "cùng tệp của chúng; lần tải lên sau cũng tự xoá."
    )

    def handle(self, *args, **options):
        removed = import_previews_purge()
        hours = setting("TRACKER_IMPORT_PREVIEW_SECONDS") / 3600
        self.stdout.write(
            f"Đã xoá {removed} bản xem trước hết hạn (giữ {hours:g} giờ sau khi tải lên)."
        )
