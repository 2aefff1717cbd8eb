"""Write the shipped .docx templates of the official documents (tracker/documents/templates)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from tracker.documents.layout import TEMPLATES_DIR, templates_write


class Command(BaseCommand):
    help = "Viết lại các mẫu văn bản .docx theo thể thức Nghị định 30/2020/NĐ-CP."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(TEMPLATES_DIR), help="thư mục ghi các mẫu")

    def handle(self, *args, dir, **options):
        for path in templates_write(Path(dir)):
            self.stdout.write(f"Đã ghi {path.name}")
