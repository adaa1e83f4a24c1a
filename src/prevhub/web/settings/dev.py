"""Development and `make demo`: local only, readable errors, no HTTPS."""

from prevhub.web.settings.base import *  # noqa: F403
from prevhub.web.settings.env import env_list, env_str

DEBUG = env_str("PREVHUB_DEBUG", "0") == "1"
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
PREVHUB_MFA_REQUIRED_ROLES = env_list("PREVHUB_MFA_REQUIRED_ROLES", [])
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
