"""List a ward's current evidence files for a year, for scripts (--format json) or reading."""

import json

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from tracker.evidence.cli import assessment_for
from tracker.evidence.dossier import ward_dossiers


class Command(BaseCommand):
    help = "Liệt kê các tệp minh chứng hiện hành của một phường trong một năm."

    def add_arguments(self, parser):
        parser.add_argument("--ward", required=True, help="mã phường")
        parser.add_argument("--year", type=int, required=True, help="năm của chương trình")
        parser.add_argument("--map", dest="edition", help="bản đồ hành chính: 2023 hoặc 2025")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, ward, year, edition, format, **options):
        (dossier,) = ward_dossiers([assessment_for(ward=ward, year=year, edition=edition)])
        rows = []
        for entry in dossier.files:
            e, rev = entry.evidence, entry.evidence.current
            rows.append(
                {
                    "criterion": next(
                        r.criterion.number for r in dossier.results if r.pk == e.result_id
                    ),
                    "title": e.title,
                    "file_name": rev.file_name,
                    "size": rev.size,
                    "sha256": rev.sha256,
                    "uploaded_by": rev.uploaded_by.get_username() if rev.uploaded_by else None,
                    "uploaded_at": timezone.localtime(rev.uploaded_at).isoformat(),
                    "url": reverse("evidence-download", args=[rev.pk]),
                }
            )
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(
                f"TC{row['criterion']}\t{row['title']}\t{row['file_name']}\t{row['size']}\t"
                f"{row['sha256']}\t{row['uploaded_by'] or '—'}\t{row['uploaded_at']}"
            )
