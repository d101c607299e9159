"""Each definition of spec/reports.md on small hand-made cases."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concerto.factories import (
    AttendanceFactory,
    MeetingFactory,
    PatientFactory,
    PersonFactory,
    PoleFactory,
    SituationFactory,
    SituationInvitationFactory,
    label,
)
from concerto.nomenclatures.models import Label, ListKey
from concerto.reports.scope import Period, Scope
from concerto.reports.tables import (
    ReportData,
    build_report,
    intervisions_par_pole,
    invites_presents_par_categorie,
    medecin_traitant,
    patients,
    repartition,
    reprogrammation,
    restitution_x_demandeur,
)
from concerto.situations.models import Situation
from concerto.situations.services import restudies

pytestmark = pytest.mark.django_db


def cat(code):
    return label(ListKey.CATEGORIE, code)


def itv(pole, date, **kw):
    return MeetingFactory(pole=pole, date=date, **kw)


def test_person_with_a_coordination_function_counts_in_both_categories_once_in_totals():
    pole = PoleFactory(name="Calais")
    nurse = PersonFactory(category=cat("infirmiers"), coordination_function="Coordinatrice CPTS")
    gp = PersonFactory(category=cat("generalistes_liberaux"))
    for day in (10, 20):
        m = itv(pole, dt.date(2023, 3, day))
        AttendanceFactory(meeting=m, person=nurse)
        AttendanceFactory(meeting=m, person=gp)
    AttendanceFactory(meeting=itv(pole, dt.date(2023, 4, 1)), person=gp, present=False)  # absent: no participation
    (row,) = intervisions_par_pole(2023)
    assert row["categories"]["Infirmiers"] == {"participations": 2, "participants": 1}
    assert row["categories"]["Coordination"] == {"participations": 2, "participants": 1}
    assert row["categories"]["Généralistes libéraux"] == {"participations": 2, "participants": 1}
    assert (row["participations"], row["participants"]) == (4, 2)  # categories add up to 6 / 3
    assert row["liberaux"] == {"participations": 2, "participants": 1}
    assert row["actions"] == 3


def test_newcomers_use_the_first_participation_ever():
    pole_a, pole_b = PoleFactory(name="Calais"), PoleFactory(name="Douai")
    veteran = PersonFactory(category=cat("pharmaciens"), first_participation=dt.date(2015, 6, 1))
    newcomer = PersonFactory(category=cat("pharmaciens"))
    seen_last_year = PersonFactory(category=cat("infirmiers"))
    first_in_b = PersonFactory(category=cat("infirmiers"))
    AttendanceFactory(meeting=itv(pole_a, dt.date(2022, 11, 5)), person=seen_last_year)
    m1 = itv(pole_a, dt.date(2023, 2, 1))
    m2 = itv(pole_b, dt.date(2023, 1, 15))
    for person in (veteran, newcomer, seen_last_year, first_in_b):
        AttendanceFactory(meeting=m1, person=person)
    AttendanceFactory(meeting=m2, person=first_in_b)  # earlier, in pôle B: counted there
    rows = {r["pole"]: r for r in intervisions_par_pole(2023)}
    assert (rows["Calais"]["nouveaux_liberaux"], rows["Calais"]["nouveaux_non_liberaux"]) == (1, 0)
    assert (rows["Douai"]["nouveaux_liberaux"], rows["Douai"]["nouveaux_non_liberaux"]) == (0, 1)
    # The first participation date predating the data wins even with no earlier presence recorded.
    assert rows["Calais"]["participants"] == 4


def _situation(pole, code, date, **fiche):
    patient = PatientFactory(pole=pole, code=code) if isinstance(code, str) else code
    return SituationFactory(meeting=itv(pole, date), patient=patient, **fiche)


def test_restudies_in_time_late_unverifiable_and_overdue():
    pole = PoleFactory(name="Calais")
    three = label(ListKey.DELAI, "3 mois")
    six = label(ListKey.DELAI, "6 mois")
    # In time: 15/03 + 3 months = 15/06, seen again on 15/06.
    a = _situation(pole, "A-1", dt.date(2023, 3, 15), nouvelle_intervision=True, delai_nouvelle_intervision=three)
    _situation(pole, a.patient, dt.date(2023, 6, 15))
    # Late: 31/01 + 3 months = 30/04 (clamped), seen on 02/05.
    b = _situation(pole, "B-1", dt.date(2023, 1, 31), nouvelle_intervision=True, delai_nouvelle_intervision=three)
    _situation(pole, b.patient, dt.date(2023, 5, 2))
    # Realised the next year, in time (any year counts).
    c = _situation(pole, "C-1", dt.date(2023, 11, 20), nouvelle_intervision=True, delai_nouvelle_intervision=three)
    _situation(pole, c.patient, dt.date(2024, 1, 10))
    # Unverifiable: 10/09 + 6 months = 10/03/2024 > 31/12/2023, not realised.
    _situation(pole, "D-1", dt.date(2023, 9, 10), nouvelle_intervision=True, delai_nouvelle_intervision=six)
    # Overdue: 10/02 + 3 months = 10/05/2023, never studied again; same date elsewhere does not count.
    e = _situation(pole, "E-1", dt.date(2023, 2, 10), nouvelle_intervision=True, delai_nouvelle_intervision=three)
    SituationFactory(meeting=e.meeting, patient=PatientFactory(pole=pole, code="E-2"))
    # Same code in another pôle is another patient: not a realisation.
    _situation(PoleFactory(name="Douai"), "E-1", dt.date(2023, 3, 1))
    _situation(pole, "F-1", dt.date(2023, 4, 4), nouvelle_intervision=False)

    r = reprogrammation(Period(2023, None), Scope.region())
    assert r["besoin"]["count"] == 5
    assert r["realisees"] == {"count": 3, "share": 0.6}
    assert r["realisees_dans_delai"] == {"count": 2, "share": 0.6667, "share_of_besoin": 0.4}
    assert r["non_verifiables"] == {"count": 1}
    assert r["non_realisees_echues"] == {"count": 1}
    assert r["par_delai"]["3 mois"]["count"] == 4
    assert r["par_delai"]["3 mois"]["dans_delai"] == 2
    assert r["par_delai"]["6 mois"]["non_verifiables"] == 1


def test_set_based_restudies_agree_with_the_service_on_many_dates():
    """The report's SQL rule and concerto.situations.services.restudies() give the same outcomes."""
    rng = random.Random(7)
    pole = PoleFactory(name="Calais")
    delais = list(Label.objects.filter(list=ListKey.DELAI))
    for i in range(60):
        first = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(365))
        if i % 6 == 0:  # month ends: clamping
            first = dt.date(2023, rng.choice([1, 3, 5, 8, 10, 12]), 31)
        s = _situation(pole, f"R-{i}", first, nouvelle_intervision=True,
                       delai_nouvelle_intervision=rng.choice(delais))
        if rng.random() < 0.8:
            due = s.meeting.date
            _situation(pole, s.patient, due + dt.timedelta(days=rng.choice([0, 1, 25, 28, 29, 30, 31, 59, 60,
                                                                             61, 89, 90, 92, 181, 184, 366, 400])))
    expected = [r for r in restudies(Situation.objects.all()) if r.situation.meeting.date.year == 2023]
    r = reprogrammation(2023)
    assert r["besoin"]["count"] == len(expected)
    assert r["realisees"]["count"] == sum(x.realised for x in expected)
    assert r["realisees_dans_delai"]["count"] == sum(x.in_time for x in expected)
    end = dt.date(2023, 12, 31)
    assert r["non_verifiables"]["count"] == sum(not x.realised and x.due > end for x in expected)
    assert r["non_realisees_echues"]["count"] == sum(not x.realised and x.due <= end for x in expected)


def test_a_label_added_in_n_is_new_and_labels_map_across_years():
    pole = PoleFactory(name="Calais")
    korsakoff = Label.objects.get(list=ListKey.DIFFICULTE, label="Korsakoff")  # valid from 2025
    logement = Label.objects.get(list=ListKey.DIFFICULTE, label="Logement")
    old = Label.objects.create(list=ListKey.DIFFICULTE, label="Hébergement", valid_until=2024, maps_to=logement)
    s24 = _situation(pole, "K-1", dt.date(2024, 5, 1))
    s24.difficultes.set([old])
    s25a = _situation(pole, "K-2", dt.date(2025, 5, 1))
    s25a.difficultes.set([korsakoff, logement])
    s25b = _situation(pole, "K-3", dt.date(2025, 6, 1))
    s25b.difficultes.set([logement])
    prev = ReportData(Period(2024))
    rep = repartition("difficultes", ReportData(Period(2025)), previous=prev)
    assert rep["total_labels"] == 3
    k = rep["labels"]["Korsakoff"]
    assert k["new"] is True and "delta_points" not in k and "previous" not in k
    lg = rep["labels"]["Logement"]
    assert lg["new"] is False
    assert lg["previous"] == {"count": 1, "share": 1.0, "rank": 1}
    assert (lg["count"], lg["share"], lg["delta_count"], lg["delta_points"]) == (2, 0.6667, 1, -33.33)
    assert lg["rank"] == 1 and lg["rank_move"] == 0
    assert "Hébergement" not in rep["labels"]  # retired, nothing ticked in 2025
    assert rep["labels"]["Travail"]["count"] == 0  # zero counts are listed


def test_multi_and_single_shares_empty_apart_from_non_renseigne():
    pole = PoleFactory(name="Calais")
    mg, csapa = label(ListKey.DEMANDEUR, "Médecin généraliste"), label(ListKey.DEMANDEUR, "CSAPA")
    nr = label(ListKey.MOTIVATION, "non_renseigne")
    action = label(ListKey.MOTIVATION, "Action")
    s1 = _situation(pole, "M-1", dt.date(2023, 2, 1), motivation=action)
    s1.demandeurs.set([mg, csapa])
    s2 = _situation(pole, "M-2", dt.date(2023, 3, 1), motivation=nr)
    s2.demandeurs.set([mg])
    _situation(pole, "M-3", dt.date(2023, 4, 1))  # nothing filled
    dem = repartition("demandeurs", 2023)
    assert dem["total_labels"] == 3 and dem["situations_vides"] == 1
    assert dem["labels"]["Médecin généraliste"] == {"count": 2, "share": 0.6667, "rank": 1}
    assert dem["labels"]["CSAPA"]["share"] == 0.3333
    mot = repartition("motivation", 2023)
    assert mot["situations"] == 3 and mot["situations_vides"] == 1
    assert mot["labels"]["Non renseigné"]["count"] == 1
    assert mot["labels"]["Action"]["share"] == 0.3333


def test_invited_vs_present_medecin_traitant_and_requester_x_restitutor():
    pole = PoleFactory(name="Calais")
    oui, non = label(ListKey.CONNU, "oui"), label(ListKey.CONNU, "non")
    s1 = _situation(pole, "I-1", dt.date(2023, 2, 1), medecin_traitant=oui, medecin_traitant_invite=True,
                    medecin_traitant_present=True, restitution_par=label(ListKey.RESTITUTEUR, "Pharmacien"))
    s1.demandeurs.set([label(ListKey.DEMANDEUR, "Médecin généraliste"), label(ListKey.DEMANDEUR, "CSAPA")])
    _situation(pole, "I-2", dt.date(2023, 2, 1), medecin_traitant=oui, medecin_traitant_invite=False)
    _situation(pole, "I-3", dt.date(2023, 2, 1), medecin_traitant=non)
    gp = PersonFactory(category=cat("generalistes_liberaux"))
    coord = PersonFactory(category=cat("travailleurs_sociaux"), coordination_function="DAC")
    SituationInvitationFactory(situation=s1, person=gp, present=True)
    SituationInvitationFactory(situation=s1, person=coord, present=False)
    s2 = Situation.objects.get(patient__code="I-2")
    SituationInvitationFactory(situation=s2, person=gp, present=False)
    inv = invites_presents_par_categorie(2023)
    assert inv["Généralistes libéraux"] == {"invites": 2, "presents": 1, "taux": 0.5}
    assert inv["Coordination"] == {"invites": 1, "presents": 0, "taux": 0.0}
    assert inv["Travailleurs sociaux"]["invites"] == 1
    # « Total » as the seed prints it: the sum of the category cells (the DAC worker's invitation counts
    # in Travailleurs sociaux and in Coordination); beside it each invitation once, labelled.
    assert inv["Total"] == {"invites": 4, "presents": 1, "taux": 0.25}
    assert inv["Total (chaque invitation une fois)"] == {"invites": 3, "presents": 1, "taux": 0.3333}
    assert inv["Libéraux"]["invites"] == 2
    mt = medecin_traitant(2023)
    assert (mt["situations"], mt["connus"], mt["invites"], mt["presents"], mt["sans"]) == (3, 2, 1, 1, 1)
    assert (mt["part_connus"], mt["part_invites"], mt["part_presents"]) == (0.6667, 0.5, 1.0)
    table = restitution_x_demandeur(2023)["table"]
    assert table["Médecin généraliste"]["Pharmacien"] == 1 and table["CSAPA"]["Pharmacien"] == 1
    assert sum(sum(row.values()) for row in table.values()) == 2


def test_distinct_patients_are_pole_and_code():
    pole_a, pole_b = PoleFactory(name="Calais"), PoleFactory(name="Douai")
    p = PatientFactory(pole=pole_a, code="Bruno M.")
    _situation(pole_a, p, dt.date(2023, 1, 5))
    _situation(pole_a, p, dt.date(2023, 6, 5))
    _situation(pole_b, "Bruno M.", dt.date(2023, 6, 5))
    out = patients(2023)
    assert (out["situations"], out["patients_distincts"]) == (3, 2)
    assert out["patients_par_nombre_de_situations"] == {"1": 1, "2": 1}


def _world(poles: int, years: int, tag: str) -> None:
    for p in range(poles):
        pole = PoleFactory(name=f"Pôle {tag}{p}")
        for y in range(2023 - years + 1, 2024):
            s = _situation(pole, f"Q-{tag}{p}-{y}", dt.date(y, 3, 1), nouvelle_intervision=True,
                           delai_nouvelle_intervision=label(ListKey.DELAI, "3 mois"))
            s.demandeurs.set([label(ListKey.DEMANDEUR, "CSAPA")])
            AttendanceFactory(meeting=s.meeting, person=PersonFactory())
            SituationInvitationFactory(situation=s)


def _count_queries() -> int:
    with CaptureQueriesContext(connection) as ctx:
        build_report(2023)
    return len(ctx.captured_queries)


def test_query_count_does_not_depend_on_poles_or_years():
    _world(1, 1, "a")
    small = _count_queries()
    _world(3, 4, "b")
    assert _count_queries() == small
    assert small < 100


def test_rows_over_several_poles_count_distinct_participants():
    calais, douai = PoleFactory(name="Calais"), PoleFactory(name="Douai")
    copil = label(ListKey.TYPE_REUNION, "comite_pilotage")
    nurse = PersonFactory(category=cat("infirmiers"))
    gp = PersonFactory(category=cat("generalistes_liberaux"))
    for pole in (calais, douai):  # the nurse at both pôles' CoPils and Intervisions
        AttendanceFactory(meeting=itv(pole, dt.date(2023, 3, 1), type=copil), person=nurse)
        AttendanceFactory(meeting=itv(pole, dt.date(2023, 4, 1)), person=nurse)
    AttendanceFactory(meeting=itv(calais, dt.date(2023, 5, 1)), person=gp)
    report = build_report(2023, with_semesters=False)
    row = report["comites_de_pilotage"]
    assert (row["participations"], row["participants"], row["participants_somme"]) == (2, 1, 2)
    assert row["categories"]["Infirmiers"] == {"participations": 2, "participants": 1}
    # The Intervision total stays the seed's sum of the pôle rows (the nurse once per pôle) …
    assert report["intervisions_total"]["participants"] == 3
    assert report["intervisions_total"]["participants_distincts"] == 2
    # … the rows over several pôles and types count each person once.
    assert (report["total_actions"]["participations"], report["total_actions"]["participants"]) == (5, 2)
    assert report["total_actions"]["liberaux"]["participants"] == 1
    assert report["total_general"]["participants"] == 2


def test_every_single_choice_field_is_a_distribution():
    pole = PoleFactory(name="Calais")
    oui, non = label(ListKey.CONNU, "oui"), label(ListKey.CONNU, "non")
    _situation(pole, "R-1", dt.date(2023, 2, 1), medecin_traitant=oui, pharmacien_attitre=non)
    _situation(pole, "R-2", dt.date(2023, 2, 1), medecin_traitant=non)
    rep = build_report(2023, with_semesters=False)["repartitions"]
    for key in ("motivation", "objectif", "restitution", "accord", "delai", "medecin_traitant",
                "pharmacien_attitre", "medecin_traitant_absence"):
        assert rep[key]["type"] == "single", key
    assert rep["medecin_traitant"]["labels"][oui.label]["count"] == 1
    assert rep["pharmacien_attitre"]["situations_vides"] == 1
