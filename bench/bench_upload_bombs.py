"""Benchmark: the probe's upload bombs at their full size, checked one by one.

    .venv/bin/python bench/bench_upload_bombs.py

Builds each hostile file (a .zip of a 300 MB CSV, a workbook with 300 MB of sharedStrings,
a cell at column ZZZZZZZZ…) in a temporary folder, runs the import check on it in a fork of
this process and prints the time, the peak memory of the fork (VmHWM) and the French message.
Target: every bomb refused, each under 500 MB. No database is written.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concerto.settings")

import django  # noqa: E402

django.setup()

from concerto.interchange.tests import bombs  # noqa: E402
from concerto.interchange.tests.test_upload_bombs import CHECK  # noqa: E402

FULL = {"zip-of-huge-csv": 300 * bombs.MB, "xlsx-huge-sharedStrings": 300 * bombs.MB,
        "zip-of-many-rows": 60 * bombs.MB, "xlsx-many-sharedStrings": 80 * bombs.MB}


def main() -> None:
    import json
    import subprocess

    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for name, (build, file_name) in bombs.BOMBS.items():
            path = Path(folder) / file_name
            paths[name] = build(path, FULL[name]) if name in FULL else build(path)
        done = subprocess.run([sys.executable, "-c", CHECK, *map(str, paths.values())], capture_output=True,
                              text=True, check=True)
        figures = {f["path"]: f for f in map(json.loads, filter(None, done.stdout.splitlines()))}
        worst = 0.0
        for name, path in paths.items():
            on_disk, unpacked = bombs.sizes(path)
            found = figures[str(path)]
            worst = max(worst, found["peak_mb"])
            print(f"{name:26} {on_disk / 1e6:6.1f} MB on disk {unpacked / 1e6:6.0f} MB unpacked "
                  f"{found['seconds']:6.2f} s  peak {found['peak_mb']:4.0f} MB  {found['issues'][0][:90]}")
        print(f"worst peak: {worst:.0f} MB (target < 500 MB)")


if __name__ == "__main__":
    main()
