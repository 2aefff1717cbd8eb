"""Reminders: each user's work list by e-mail, at most once a day, in Vietnamese.

send_reminders (cron or a systemd timer) calls reminders_send; the mail goes
through Django's e-mail settings (SMTP from the environment, the console otherwise).
One account's bad address, or the server refusing it, is logged and skipped: the
others still get theirs, and the command says how many failed.
"""

import datetime
import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from tracker.conf import setting
from tracker.rounds.models import ReminderSent
from tracker.rounds.worklist import WorkList, work_list

logger = logging.getLogger(__name__)


@dataclass
class Reminder:
    user: object
    subject: str
    body: str
    # Why it could not be sent ("" once sent, or in a dry run).
    error: str = ""


def _body(user, work: WorkList) -> str:
    site = setting("TRACKER_SITE_URL").rstrip("/")
    name = user.get_full_name() or user.get_username()
    lines = [_("Kính gửi %(name)s,") % {"name": name}, ""]
    if work.due and work.due_in:
        lines.append(
            ngettext(
                "Hạn năm %(year)s là %(due)s, còn %(days)s ngày.",
                "Hạn năm %(year)s là %(due)s, còn %(days)s ngày.",
                work.due_in,
            )
            % {"year": work.year, "due": f"{work.due:%d/%m/%Y}", "days": work.due_in}
        )
    if work.late:
        count = len(work.late)
        lines.append(
            ngettext("Đã quá hạn: %(count)s việc.", "Đã quá hạn: %(count)s việc.", count)
            % {"count": count}
        )
    if work.items:
        lines += ["", _("Việc đang chờ đồng chí (năm %(year)s):") % {"year": work.year}]
        lines += [f"- {item.text}\n  {site}{item.url}" for item in work.items]
    lines += [
        "",
        _("Danh sách đầy đủ: %(url)s") % {"url": f"{site}/viec-can-lam/"},
        "",
        _("Thư này do hệ thống theo dõi Công an phường điển hình, kiểu mẫu gửi tự động."),
    ]
    return "\n".join(lines)


def reminders_due(today: datetime.date | None = None) -> list[Reminder]:
    """The reminders to send today: users with an e-mail address, something waiting or a due
    date 7, 3 or 1 days away, and no reminder sent yet today."""
    today = today or timezone.localdate()
    sent_today = set(ReminderSent.objects.filter(on=today).values_list("user_id", flat=True))
    found = []
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .exclude(pk__in=sent_today)
        .order_by("username")
    )
    with override("vi"):
        for user in users:
            work = work_list(user, today=today)
            if not work.items and not work.due_in:
                continue
            subject = (
                ngettext(
                    "[Công an phường kiểu mẫu] %(count)s việc đang chờ, %(late)s quá hạn",
                    "[Công an phường kiểu mẫu] %(count)s việc đang chờ, %(late)s quá hạn",
                    work.count,
                )
                % {"count": work.count, "late": len(work.late)}
                if work.items
                else ngettext(
                    "[Công an phường kiểu mẫu] Hạn báo cáo còn %(days)s ngày",
                    "[Công an phường kiểu mẫu] Hạn báo cáo còn %(days)s ngày",
                    work.due_in,
                )
                % {"days": work.due_in}
            )
            found.append(Reminder(user=user, subject=subject, body=_body(user, work)))
    return found


def _send(reminder: Reminder, today: datetime.date) -> None:
    validate_email(reminder.user.email)  # a newline or a missing domain: never handed to SMTP
    with transaction.atomic():
        # Recorded first, in the same transaction: a failed send leaves no record behind.
        ReminderSent.objects.update_or_create(user=reminder.user, defaults={"on": today})
        send_mail(reminder.subject, reminder.body, None, [reminder.user.email])


def reminders_send(*, dry_run: bool = False, today: datetime.date | None = None) -> list[Reminder]:
    """Send today's reminders, each recorded once it is sent; a dry run sends nothing.

    Every reminder is tried: one that fails keeps its reason in `error` and is not recorded,
    so the next run tries it again.
    """
    today = today or timezone.localdate()
    reminders = reminders_due(today)
    if dry_run:
        return reminders
    for reminder in reminders:
        try:
            _send(reminder, today)
        # ValueError: a header in the address; OSError: every smtplib error and a lost server.
        except (ValidationError, ValueError, OSError) as error:
            reminder.error = " ".join(getattr(error, "messages", [])) or str(error) or repr(error)
            logger.warning(
                "Không gửi được thư nhắc việc cho %s <%r>: %s",
                reminder.user.get_username(),
                reminder.user.email,
                reminder.error,
            )
    return reminders
