"""Test settings: the real ones, with the production-only variables given harmless values.

Tests on PostgreSQL set DATABASE_URL, which makes SECRET_KEY and ALLOWED_HOSTS required.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from tracker.settings import *  # noqa: E402,F403

# Serve static files from the apps' folders: tests do not run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The test client speaks plain HTTP.
SECURE_SSL_REDIRECT = False

# Accounts made by the tests need no protection against guessing: one MD5 round
# instead of a million PBKDF2 rounds (0.3 s an account). Production keeps Django's.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Each test process has its own slots for bounded children (tracker.untrusted.slots), so
# the suite's processes never find the slots of another one's test taken.
import tempfile  # noqa: E402

# A live server started by a test shares one folder among its workers, given in the variable.
TRACKER_UNTRUSTED_LOCK_DIR = os.environ.get("TRACKER_UNTRUSTED_LOCK_DIR") or tempfile.mkdtemp(
    prefix="tracker-test-locks-"
)
