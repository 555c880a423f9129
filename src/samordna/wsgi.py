"""WSGI entry point for production servers."""

import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
application = get_wsgi_application()
# Every view and the API are loaded here, in gunicorn's master (preload_app), rather than by
# each worker's first request (0.4 s of CPU): the workers share them, and no user waits while a
# worker imports them.
import_module(settings.ROOT_URLCONF)
