import datetime as dt

import pytest
from django.utils import timezone

from concerto.factories import (
    MeetingFactory,
    PatientFactory,
    PersonFactory,
    SituationFactory,
    SituationInvitationFactory,
    label,
)
from concerto.nomenclatures.models import ListKey

pytestmark = pytest.mark.django_db


def situation_at(meeting, code):
    return SituationFactory(meeting=meeting, patient=PatientFactory(pole=meeting.pole, code=code))


def complete_fiche(situation, **overrides):
    """Fill every required field of the fiche, then apply overrides (None = leave empty)."""
    values = {
        "accord": label(ListKey.ACCORD, "oui"),
        "motivation": label(ListKey.MOTIVATION, "Action"),
        "objectif_atteint": label(ListKey.OBJECTIF, "Oui"),
        "restitution_par": label(ListKey.RESTITUTEUR, "Pharmacien"),
        "nouvelle_intervision": False,
    }
    values.update({k: v for k, v in overrides.items() if k in values})
    for field, value in values.items():
        setattr(situation, field, value)
    situation.save()
    for field, text in {
        "demandeurs": (ListKey.DEMANDEUR, "Médecin généraliste"),
        "motifs": (ListKey.MOTIF, "Nouveau patient"),
        "problematiques": (ListKey.PROBLEMATIQUE, "Alcool"),
        "pistes": (ListKey.PISTE, "Orienter"),
    }.items():
        if overrides.get(field, True) is not None:
            getattr(situation, field).set([label(*text)])
    return situation


@pytest.fixture
def today():
    return timezone.localdate()


def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/comptes/connexion/")


def test_reader_gets_the_short_page(client, reader):
    client.force_login(reader)
    response = client.get("/")
    assert response.status_code == 200
    assert "rapports" in response.content.decode()
    assert "Fiches incomplètes" not in response.content.decode()


def test_home_shows_only_the_coordinators_poles(client, coordinator, pole_a, pole_b, today):
    past = today - dt.timedelta(days=20)
    upcoming_a = MeetingFactory(pole=pole_a, date=today + dt.timedelta(days=10), lieu="MSP Blériot")
    upcoming_b = MeetingFactory(pole=pole_b, date=today + dt.timedelta(days=10), lieu="CSAPA Douai")
    MeetingFactory(pole=pole_a, date=today + dt.timedelta(days=90), lieu="Trop loin")
    itv_a = MeetingFactory(pole=pole_a, date=past)
    itv_b = MeetingFactory(pole=pole_b, date=past)

    no_motivation = complete_fiche(situation_at(itv_a, "Bruno M."), motivation=None)
    SituationInvitationFactory(situation=no_motivation, person=PersonFactory())
    no_pistes_a = complete_fiche(situation_at(itv_a, "P-0412"), pistes=None)
    complete_a = complete_fiche(situation_at(itv_a, "Jade D."))
    SituationInvitationFactory(situation=complete_a, person=PersonFactory())
    complete_fiche(situation_at(itv_b, "Zoé Q."), motivation=None)

    client.force_login(coordinator)
    with_queries = client.get("/a-faire/")
    html = with_queries.content.decode()
    assert upcoming_a.lieu in html
    assert upcoming_b.lieu not in html
    assert "Trop loin" not in html
    assert "Zoé Q." not in html

    incomplete = dict(with_queries.context["incomplete"])
    assert incomplete == {no_motivation: ["motivation"], no_pistes_a: ["pistes proposées"]}
    assert list(with_queries.context["without_invitation"]) == [no_pistes_a]


def test_home_lists_due_and_overdue_restudies_not_realised(client, coordinator, pole_a, pole_b, today):
    three_months = label(ListKey.DELAI, "3 mois")
    # Due in about a month: listed.
    due_soon = complete_fiche(
        SituationFactory(meeting=MeetingFactory(pole=pole_a, date=today - dt.timedelta(days=60)),
                         patient__code="Bruno M."),
        nouvelle_intervision=True,
    )
    # Overdue and never re-studied: listed.
    overdue = complete_fiche(
        SituationFactory(meeting=MeetingFactory(pole=pole_a, date=today - dt.timedelta(days=200)),
                         patient__code="P-0412"),
        nouvelle_intervision=True,
    )
    # Overdue but the patient was studied again since: not listed.
    realised = complete_fiche(
        SituationFactory(meeting=MeetingFactory(pole=pole_a, date=today - dt.timedelta(days=150)),
                         patient__code="Jade D."),
        nouvelle_intervision=True,
    )
    SituationFactory(meeting=MeetingFactory(pole=pole_a, date=today - dt.timedelta(days=30)), patient=realised.patient)
    # Another pôle's: not listed.
    other = complete_fiche(
        SituationFactory(meeting=MeetingFactory(pole=pole_b, date=today - dt.timedelta(days=60)),
                         patient__code="Zoé Q."),
        nouvelle_intervision=True,
    )
    for s in (due_soon, overdue, realised, other):
        s.delai_nouvelle_intervision = three_months
        s.save()

    client.force_login(coordinator)
    response = client.get("/a-faire/")
    listed = [r.situation for r in response.context["restudies"]]
    assert listed == [overdue, due_soon]
    assert "en retard" in response.content.decode()


def test_staff_sees_every_pole(client, staff_user, pole_a, pole_b, today):
    MeetingFactory(pole=pole_a, date=today + dt.timedelta(days=3), lieu="Lieu A")
    MeetingFactory(pole=pole_b, date=today + dt.timedelta(days=3), lieu="Lieu B")
    client.force_login(staff_user)
    html = client.get("/a-faire/").content.decode()
    assert "Lieu A" in html and "Lieu B" in html


def test_home_query_count_does_not_grow_with_situations(
    client, staff_user, pole_a, today, django_assert_max_num_queries
):
    itv = MeetingFactory(pole=pole_a, date=today - dt.timedelta(days=5))
    for i in range(8):
        complete_fiche(situation_at(itv, f"P-{i:04d}"), motivation=None)
    client.force_login(staff_user)
    with django_assert_max_num_queries(20):
        response = client.get("/a-faire/")
    assert len(response.context["incomplete"]) == 8
    with django_assert_max_num_queries(20):
        response = client.get("/")
    assert response.context["recent_count"] == 8 and len(response.context["recent"]) == 5


def test_long_to_do_lists_are_capped_and_counted(client, staff_user, pole_a):
    from concerto.core.views import LIST_LIMIT

    meeting = MeetingFactory(pole=pole_a, date=timezone.localdate() - dt.timedelta(days=3))
    for n in range(LIST_LIMIT + 2):
        situation_at(meeting, f"P-{n:04d}")
    client.force_login(staff_user)
    response = client.get("/a-faire/")
    assert response.context["incomplete_count"] == LIST_LIMIT + 2
    assert len(response.context["incomplete"]) == LIST_LIMIT
    assert f"({LIST_LIMIT + 2} en tout)" in response.content.decode()


def test_home_puts_what_to_do_now_first(client, coordinator, pole_a, pole_b, today):
    """Next meeting and what it lacks, recent fiches to finish, re-studies due soon; old gaps only counted."""
    nxt = MeetingFactory(pole=pole_a, date=today + dt.timedelta(days=4), lieu="MSP Blériot")
    MeetingFactory(pole=pole_a, date=today + dt.timedelta(days=20), lieu="Plus tard")
    MeetingFactory(pole=pole_b, date=today + dt.timedelta(days=1), lieu="Autre pôle")
    situation_at(nxt, "Bruno M.")  # no invitation yet
    recent = situation_at(MeetingFactory(pole=pole_a, date=today - dt.timedelta(days=7)), "Jade D.")
    old = situation_at(MeetingFactory(pole=pole_a, date=dt.date(today.year - 3, 5, 2)), "P-0001")
    one_month = label(ListKey.DELAI, "1 mois")
    soon = complete_fiche(situation_at(MeetingFactory(pole=pole_a, date=today - dt.timedelta(days=20)), "P-0002"),
                          nouvelle_intervision=True)
    ancient = complete_fiche(situation_at(MeetingFactory(pole=pole_a, date=dt.date(today.year - 3, 1, 10)), "P-0003"),
                             nouvelle_intervision=True)
    for s in (soon, ancient):
        s.delai_nouvelle_intervision = one_month
        s.save()
    client.force_login(coordinator)
    response = client.get("/")
    html = response.content.decode()
    assert response.context["next_meeting"] == nxt
    assert "MSP Blériot" in html and "Plus tard" not in html and "Autre pôle" not in html
    assert response.context["next_missing"][0] == "1 situation sans personne invitée"
    assert [s for s, _ in response.context["recent"]] == [recent]
    assert [r.situation for r in response.context["due_soon"]] == [soon]
    assert old.patient.code not in html and ancient.patient.code not in html
    order = [html.index(f'id="{block}"') for block in ("prochaine-reunion", "fiches-a-terminer", "reetudes-proches",
                                                        "le-reste")]
    assert order == sorted(order)
    assert response.context["counts"]["upcoming"] == 2
