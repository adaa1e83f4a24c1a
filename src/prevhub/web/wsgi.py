"""WSGI entry point (gunicorn serves it through `prevhub serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prevhub.web.settings.dev")
application = get_wsgi_application()
