"""Issue 11, acceptance 5, in a real browser: 400 people all remote with camera, saved at once."""

from __future__ import annotations

import os

from concerto.accounts.models import Role
from concerto.factories import MeetingFactory, PersonFactory, PoleFactory, UserFactory, label
from concerto.meetings.models import Attendance
from concerto.nomenclatures.models import ListKey

from .conftest import login

SIZE = 400


def test_a_grid_of_400_people_remote_with_camera_saves(page, live_app):
    calais = PoleFactory(name="Calais")
    UserFactory(username="coord", role=Role.COORDINATOR, poles=[calais])
    meeting = MeetingFactory(pole=calais, modality=label(ListKey.MODALITE, "visio"))
    people = PersonFactory.create_batch(SIZE)
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, person=p, invited=True, present=False, remote=False) for p in people]
    )
    login(page, live_app, "coord")
    page.goto(f"{live_app.url}/reunions/{meeting.pk}/presences/")
    page.wait_for_selector("#attendance-table")
    ticked = page.evaluate("""() => {
        const boxes = document.querySelectorAll(
            "#attendance-form input[name^=remote-], #attendance-form input[name^=camera-]");
        boxes.forEach((box) => { box.checked = true; });
        return boxes.length;
    }""")
    assert ticked == 2 * SIZE
    page.click("#attendance-save")
    page.wait_for_selector("text=Présences enregistrées")
    assert Attendance.objects.filter(meeting=meeting, present=True, remote=True, camera=True).count() == SIZE
    assert page.locator(f"#camera-{people[-1].pk}").is_checked()
    shots = os.environ.get("CONCERTO_SCREENSHOTS")
    if shots:
        page.screenshot(path=os.path.join(shots, "grid-400-saved-390.png"))
