"""Passwords: the validators' messages in Vietnamese, and passwords made at random.

Every account is made through tracker.accounts.services.user_add (add_user, the demo
accounts) or the admin's forms, and each checks the password with the validators of
settings.AUTH_PASSWORD_VALIDATORS against the new account.
"""

import secrets

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

# A random password is refused only by a validator stricter than Django's (a 16-character
# token is numeric or common about never): a few tries, then the validators' refusal.
TRIES = 10


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with a message its Vietnamese catalogue lacks (its text changed in 5.2)."""

    def get_error_message(self):
        return ngettext(
            "Mật khẩu quá ngắn: phải có ít nhất %(min_length)d ký tự.",
            "Mật khẩu quá ngắn: phải có ít nhất %(min_length)d ký tự.",
            self.min_length,
        ) % {"min_length": self.min_length}


def password_check(password: str, user) -> None:
    """Raise ValidationError with every validator's message, in the active language."""
    password_validation.validate_password(password, user)


def password_make(user) -> str:
    """A random password that the validators accept for this account."""
    for attempt in range(TRIES):
        password = secrets.token_urlsafe(12)
        try:
            password_check(password, user)
        except ValidationError:
            if attempt == TRIES - 1:
                raise
            continue
        return password
    raise AssertionError("unreachable")
