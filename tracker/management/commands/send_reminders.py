"""E-mail each user what waits for them, at most once a day (for cron or a systemd timer)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from tracker.rounds.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc việc: việc đang chờ, hạn còn 7, 3, 1 ngày và việc quá hạn; "
        "mỗi tài khoản nhiều nhất một thư mỗi ngày. --dry-run chỉ in ai sẽ nhận gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="chỉ in, không gửi")

    def handle(self, *args, dry_run, **options):
        reminders = reminders_send(dry_run=dry_run)
        for r in reminders:
            if dry_run:
                self.stdout.write(f"{r.user.get_username()} <{r.user.email}>: {r.subject}")
                self.stdout.write(r.body)
                self.stdout.write("")
        failed = [r for r in reminders if r.error]
        verb = "Sẽ gửi" if dry_run else "Đã gửi"
        self.stdout.write(f"{verb} {len(reminders) - len(failed)} thư nhắc việc.")
        if failed:
            # A non-zero status, so cron or the timer reports it; each one was logged with why.
            raise CommandError(
                ngettext(
                    "%(count)s thư nhắc việc không gửi được (xem các dòng cảnh báo): %(users)s.",
                    "%(count)s thư nhắc việc không gửi được (xem các dòng cảnh báo): %(users)s.",
                    len(failed),
                )
                % {
                    "count": len(failed),
                    "users": ", ".join(r.user.get_username() for r in failed),
                }
            )
