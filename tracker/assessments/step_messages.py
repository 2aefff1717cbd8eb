"""What a user is told after a recognition step: the one home of its wording.

The ward page (one ward) and the bulk pages (several wards) both say here, in words,
what happened to whom: "Đã trả lại Phường Đông Vĩnh để giải trình: …", "Đã công nhận
3 phường theo Quyết định số … ngày …: A, B, C.", "Chưa công nhận Phường X: <lý do>."
The reasons, answers and decisions are read from the assessment as the step stored them.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tracker.assessments.models import Assessment


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "?"


def _sentence(text: str) -> str:
    """A user's text closing a sentence: ended with a full stop unless it has its own."""
    text = (text or "").strip()
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def _names(assessments) -> str:
    return ", ".join(a.ward.name for a in assessments)


def step_done_message(step: str, done: Assessment) -> str:
    """One ward's step, taken: what happened to it, in words."""
    ward = done.ward.name
    if step == "propose":
        if done.answer_note:
            return _(
                "Đã gửi lại đề nghị công nhận của %(ward)s lên Công an tỉnh, kèm giải trình."
            ) % {"ward": ward}
        return _("Đã gửi đề nghị công nhận của %(ward)s lên Công an tỉnh.") % {"ward": ward}
    if step == "forward":
        return _("Đã chuyển đề nghị của %(ward)s lên Bộ.") % {"ward": ward}
    if step == "return":
        return _("Đã trả lại %(ward)s để giải trình: %(reason)s") % {
            "ward": ward,
            "reason": _sentence(done.review_note),
        }
    if step == "recognize":
        return _("Đã công nhận %(ward)s (Quyết định số %(number)s, ngày %(date)s).") % {
            "ward": ward,
            "number": done.decision_number,
            "date": _day(done.decision_date),
        }
    if step == "refuse":
        return _("Đã không công nhận %(ward)s: %(reason)s") % {
            "ward": ward,
            "reason": _sentence(done.review_note),
        }
    if step == "reopen":
        return _("Đã mở lại %(ward)s để phường giải trình: %(reason)s") % {
            "ward": ward,
            "reason": _sentence(done.review_note),
        }
    raise ValueError(step)


def step_refused_message(step: str, ward_name: str, why: str) -> str:
    """One ward's step, not taken: whom it concerns and why, in words."""
    texts = {
        "propose": _("Chưa gửi đề nghị công nhận của %(ward)s: %(why)s"),
        "forward": _("Chưa chuyển đề nghị của %(ward)s lên Bộ: %(why)s"),
        "return": _("Chưa trả lại %(ward)s: %(why)s"),
        "recognize": _("Chưa công nhận %(ward)s: %(why)s"),
        "refuse": _("Chưa ghi không công nhận %(ward)s: %(why)s"),
        "reopen": _("Chưa mở lại %(ward)s: %(why)s"),
    }
    return texts[step] % {"ward": ward_name, "why": _sentence(why)}


def bulk_done_message(step: str, done: list[Assessment]) -> str:
    """Several wards' step, taken: how many, which, and with what decision or reason."""
    count = len(done)
    names = _names(done)
    first = done[0]
    if step == "recognize":
        return ngettext(
            "Đã công nhận %(count)s phường theo Quyết định số %(number)s ngày %(date)s: %(wards)s.",
            "Đã công nhận %(count)s phường theo Quyết định số %(number)s ngày %(date)s: %(wards)s.",
            count,
        ) % {
            "count": count,
            "number": first.decision_number,
            "date": _day(first.decision_date),
            "wards": names,
        }
    if step == "refuse":
        return ngettext(
            "Đã không công nhận %(count)s phường: %(wards)s. Lý do: %(reason)s",
            "Đã không công nhận %(count)s phường: %(wards)s. Lý do: %(reason)s",
            count,
        ) % {"count": count, "wards": names, "reason": _sentence(first.review_note)}
    if step == "forward":
        return ngettext(
            "Đã chuyển đề nghị của %(count)s phường lên Bộ: %(wards)s.",
            "Đã chuyển đề nghị của %(count)s phường lên Bộ: %(wards)s.",
            count,
        ) % {"count": count, "wards": names}
    if step == "return":
        return ngettext(
            "Đã trả lại %(count)s phường để giải trình: %(wards)s. Lý do: %(reason)s",
            "Đã trả lại %(count)s phường để giải trình: %(wards)s. Lý do: %(reason)s",
            count,
        ) % {"count": count, "wards": names, "reason": _sentence(first.review_note)}
    raise ValueError(step)


def bulk_none_message(step: str, why: str) -> str:
    """Several wards' step, refused as a whole (nothing chosen, no decision): nothing written."""
    texts = {
        "forward": _("Chưa chuyển đề nghị nào lên Bộ: %(why)s"),
        "return": _("Chưa trả lại phường nào: %(why)s"),
        "recognize": _("Chưa công nhận phường nào: %(why)s"),
        "refuse": _("Chưa ghi không công nhận phường nào: %(why)s"),
    }
    return texts[step] % {"why": _sentence(why)}
