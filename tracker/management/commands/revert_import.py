"""Undo an import batch from the command line."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tracker.imports.models import ImportBatch
from tracker.imports.services import import_batch_revert


class Command(BaseCommand):
    help = "Hoàn tác một lần nhập: trả lại các giá trị mà lần nhập đã thay."

    def add_arguments(self, parser):
        parser.add_argument("batch", type=int, help="Số của lần nhập (#N).")
        parser.add_argument("--user", help="Tên đăng nhập ghi vào lịch sử là người hoàn tác.")

    def handle(self, *args, batch, user, **options):
        found = ImportBatch.objects.filter(pk=batch).first()
        if found is None:
            raise CommandError(f"Không có lần nhập #{batch}.")
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"Không có tài khoản {user}.")
        try:
            outcome = import_batch_revert(batch=found, user=account)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(f"Lần nhập #{batch}: đã trả lại {outcome.restored} kết quả.")
        if outcome.changed_since:
            self.stdout.write("Giữ nguyên vì đã được thay đổi sau lần nhập:")
            for c in outcome.changed_since:
                self.stdout.write(f"  {c.ward_name}, TC{c.criterion_number}: {c.status}")
