"""Issue 11, acceptance 2: the probe's upload bombs are refused with a French message, the
check's peak memory stays under 500 MB, and the job ends refused (never « en cours »).

Each bomb is built small on disk (bombs.py) and checked in a fresh Python process, whose peak
resident memory (VmHWM, Django loaded included) is printed and asserted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from concerto.interchange.models import ImportJob
from concerto.tasks.testing import run_queued_tasks

from .bombs import BOMBS, sizes

PEAK_LIMIT_MB = 500
# One fresh process (Django loaded once); each file is checked in a fork of it, whose peak
# resident memory (VmHWM: the fork's own high-water mark, Django included) is reported.
CHECK = """
import json, os, sys, time
import django
django.setup()
from django.db import connections
from concerto.interchange.importer import analyse

def peak_mb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

connections.close_all()
for path in sys.argv[1:]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        start = time.monotonic()
        _, result = analyse(path)
        figures = {"path": path, "seconds": time.monotonic() - start, "peak_mb": peak_mb(),
                   "issues": [str(i) for i in result.issues]}
        os.write(write, json.dumps(figures).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        print(pipe.read())
    os.waitpid(pid, 0)
"""

EXPECTED = {
    "zip-of-huge-csv": "trop volumineuse une fois décompressée",
    "zip-of-many-rows": "lignes dans une table",
    "csv-one-long-line": "ligne de plus de",
    "xlsx-huge-sharedStrings": "trop volumineux une fois décompressé",
    "xlsx-many-sharedStrings": "textes partagés",
    "xlsx-cell-ZZZZZZZZ2": "« ZZZZZZZZ2 » hors limites",
    "xlsx-row-1e9": "hors des limites",
}


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def check_in_subprocess(paths: list[Path]) -> dict[str, dict]:
    """Check each file (on the test database) in a fresh process; the figures by path."""
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "concerto.settings", "DATABASE_URL": _database_url()}
    done = subprocess.run([sys.executable, "-c", CHECK, *map(str, paths)], capture_output=True, text=True,
                          env=env, cwd=settings.BASE_DIR, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    figures = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return {f["path"]: f for f in figures}


def test_bombs_are_refused_in_french_within_500_mb(db, tmp_path):
    paths = {name: build(tmp_path / file_name) for name, (build, file_name) in BOMBS.items()}
    figures = check_in_subprocess(list(paths.values()))
    for name, path in paths.items():
        on_disk, unpacked = sizes(path)
        found = figures[str(path)]
        print(f"\n{name}: {on_disk / 1e6:.1f} MB on disk, {unpacked / 1e6:.0f} MB unpacked -> refused in "
              f"{found['seconds']:.2f} s, peak memory {found['peak_mb']:.0f} MB: {found['issues'][0]}")
        assert len(found["issues"]) == 1, found
        assert EXPECTED[name] in found["issues"][0], found
        assert found["peak_mb"] < PEAK_LIMIT_MB, found


@pytest.mark.parametrize("name", ["zip-of-huge-csv", "xlsx-cell-ZZZZZZZZ2"])
def test_bomb_job_ends_refused(client, staff_user, settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path / "media"
    build, file_name = BOMBS[name]
    path = build(tmp_path / file_name)
    client.force_login(staff_user)
    client.post(reverse("import-upload"), {"file": SimpleUploadedFile(file_name, path.read_bytes())})
    run_queued_tasks()  # the worker's loop, in this process
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    assert EXPECTED[name] in job.issues[0]["message"]
    page = client.get(reverse("import-job", args=[job.pk])).content.decode()
    assert "Fichier refusé" in page and "Vérification en cours" not in page
