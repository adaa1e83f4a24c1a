"""Tests: fast hashing, in-memory mail, no MFA unless a test asks for it.

SQLite by default; `DATABASE_URL` points the same suite at PostgreSQL.
"""

from prevhub.web.settings.base import *  # noqa: F403
from prevhub.web.settings.env import env_str

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PREVHUB_MFA_REQUIRED_ROLES: list[str] = []
WHITENOISE_USE_FINDERS = True
# Jobs run at once through the same code path (a test of the real queue sets its own).
PREVHUB_JOBS = "immediate"
WHITENOISE_AUTOREFRESH = True
if not env_str("DATABASE_URL"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
# pytest captures output itself (caplog); a stream handler bound at start-up would write to
# streams pytest has already closed.
LOGGING = {**LOGGING, "handlers": {"console": {"class": "logging.NullHandler"}}}  # noqa: F405
