"""gunicorn settings for Concerto (`gunicorn -c gunicorn.conf.py concerto.wsgi`).

Every value can be changed by environment, so that the Dockerfile, compose.yaml, the load
benchmark and a systemd unit share this one file.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: pages are short database-bound requests; long work (imports, big documents)
# belongs to the task queue, not to a web worker. 2-4 per core.
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
worker_class = "sync"
# A report document on a big association can take a while; beyond that a worker is recycled.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that slow memory growth never piles up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Logs on the standard streams (docker / journald collect them).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Behind a reverse proxy on another host, list it here so X-Forwarded-* are trusted.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
