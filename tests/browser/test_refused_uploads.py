"""Issue 11, acceptance 2 in the browser: a zip bomb is refused with a French message on the job
page, which ends « Fichier refusé », never « Vérification en cours »."""

from __future__ import annotations

import os

from concerto.accounts.models import Role
from concerto.factories import UserFactory
from concerto.interchange.models import ImportJob
from concerto.interchange.tests.bombs import zip_of_huge_csv

from .conftest import login


def test_a_zip_bomb_is_refused_on_the_job_page(page, live_app, tmp_path, task_worker):
    UserFactory(username="equipe", role=Role.STAFF)
    login(page, live_app, "equipe")
    page.goto(f"{live_app.url}/echanges/import/")
    page.set_input_files("#id_file", str(zip_of_huge_csv(tmp_path / "historique.zip")))
    page.click("#upload-submit")
    errors = page.locator(".import-errors.file-error")
    errors.wait_for(timeout=30_000)
    assert "trop volumineuse une fois décompressée" in errors.inner_text()
    assert "Vérification en cours" not in page.content()
    assert ImportJob.objects.get().status == ImportJob.Status.INVALID
    shots = os.environ.get("CONCERTO_SCREENSHOTS")
    if shots:
        page.screenshot(path=os.path.join(shots, "import-refused-390.png"), full_page=True)
        page.set_viewport_size({"width": 1366, "height": 900})
        page.screenshot(path=os.path.join(shots, "import-refused-1366.png"), full_page=True)
