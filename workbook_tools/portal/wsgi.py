"""The WSGI application waitress serves (settings from the environment, see settings.py)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbook_tools.portal.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402 - needs the settings module set first

application = get_wsgi_application()
