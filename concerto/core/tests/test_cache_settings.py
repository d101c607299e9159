"""Issue 15: persistent database connections with health checks, and the cache: local memory
by default, the database or Redis when CONCERTO_CACHE_URL says so (shared by every process).
Real `manage.py` processes, as in test_deploy_settings."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest

from .test_deploy_settings import PRODUCTION_KEY, _manage

pytestmark = pytest.mark.django_db  # the suite's autouse fixture reads the test database

SHOW = ("from django.conf import settings; from django.db import connection; "
        "print(settings.CACHES['default']['BACKEND'], connection.settings_dict['CONN_MAX_AGE'], "
        "connection.settings_dict['CONN_HEALTH_CHECKS'])")


def _env(tmp_path, **extra: str) -> dict[str, str]:
    return {"DJANGO_SECRET_KEY": PRODUCTION_KEY, "DJANGO_ALLOWED_HOSTS": "concerto.example.org",
            "CONCERTO_ENV_FILE": "", "DATABASE_URL": f"sqlite:///{tmp_path / 'cache.sqlite3'}", **extra}


def _shell(tmp_path, code: str, **extra: str) -> str:
    result = _manage("shell", "-c", code, **_env(tmp_path, **extra))
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_local_memory_cache_and_persistent_connections_by_default(tmp_path):
    assert _shell(tmp_path, SHOW) == "django.core.cache.backends.locmem.LocMemCache 600 True"
    assert _shell(tmp_path, SHOW, DB_CONN_MAX_AGE="0").endswith(" 0 True")


def test_database_cache_is_shared_between_processes(tmp_path):
    env = {"CONCERTO_CACHE_URL": "db"}
    assert _manage("migrate", "--noinput", **_env(tmp_path, **env)).returncode == 0
    assert _manage("createcachetable", **_env(tmp_path, **env)).returncode == 0
    assert _shell(tmp_path, SHOW, **env).startswith("django.core.cache.backends.db.DatabaseCache ")
    _shell(tmp_path, "from django.core.cache import cache; cache.set('k', 'partagé', 60); print('ok')", **env)
    assert _shell(tmp_path, "from django.core.cache import cache; print(cache.get('k'))", **env) == "partagé"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server absent (apt-get install redis-server)")
def test_redis_cache_is_shared_between_processes(tmp_path):
    port = _free_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        env = {"CONCERTO_CACHE_URL": f"redis://127.0.0.1:{port}/0"}
        assert _shell(tmp_path, SHOW, **env).startswith("django.core.cache.backends.redis.RedisCache ")
        _shell(tmp_path, "from django.core.cache import cache; cache.set('k', 'partagé', 60); print('ok')", **env)
        assert _shell(tmp_path, "from django.core.cache import cache; print(cache.get('k'))", **env) == "partagé"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_cache_address_not_understood_is_refused_in_french(tmp_path):
    result = _manage("check", **_env(tmp_path, CONCERTO_CACHE_URL="memcached://127.0.0.1:11211"))
    assert result.returncode != 0
    assert "CONCERTO_CACHE_URL" in result.stderr and "n'est pas compris" in result.stderr
