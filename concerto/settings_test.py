"""Settings for the test suite: the development configuration, whatever the checkout's `.env` says.

pytest loads settings before any conftest runs, so the suite's environment is set here. It is
exported on purpose: the processes tests start (manage.py, gunicorn, a worker) inherit it.
"""

import os

os.environ["DJANGO_DEBUG"] = "1"  # HTTP test client and live server: no HTTPS redirect
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-for-any-server-0123456789abcdef")

from concerto.settings import *  # noqa: E402,F403
