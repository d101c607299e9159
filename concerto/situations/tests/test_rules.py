import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from concerto.factories import MeetingFactory, PatientFactory, label
from concerto.nomenclatures.models import Label, ListKey
from concerto.situations.codes import clean_patient_code
from concerto.situations.models import Situation
from concerto.situations.services import add_situation, restudies


@pytest.mark.parametrize("code", ["Jade D.", "P-0412", "Bruno M", "Marie-Claire L.", "JD-12"])
def test_pseudonym_codes_are_accepted(code):
    assert clean_patient_code(f"  {code} ") == code


@pytest.mark.parametrize("code", ["Jade Dupont", "jean MARTIN", "Anne-Sophie Lefèvre"])
def test_full_names_are_refused_with_a_hint(code):
    with pytest.raises(ValidationError) as error:
        clean_patient_code(code)
    message = error.value.messages[0]
    assert "nom complet" in message
    assert f"{code.split()[0]} {code.split()[-1][0].upper()}." in message


def test_jade_dupont_hint():
    with pytest.raises(ValidationError, match="« Jade D. »"):
        clean_patient_code("Jade Dupont")


@pytest.mark.django_db
def test_situation_only_on_an_intervision():
    copil = MeetingFactory(type=label(ListKey.TYPE_REUNION, "comite_pilotage"))
    with pytest.raises(ValidationError) as error:
        add_situation(copil, "Jade D.")
    assert "Intervision" in error.value.message_dict["meeting"][0]
    assert Situation.objects.count() == 0
    assert copil.pole.patients.count() == 0  # nothing half-written


@pytest.mark.django_db
def test_consent_carries_over_and_withdrawal_blocks_new_situations():
    first = MeetingFactory(date=dt.date(2024, 1, 10))
    situation = add_situation(first, "Bruno M.")
    situation.accord = label(ListKey.ACCORD, "oui")
    situation.save()
    later = MeetingFactory(pole=first.pole, date=dt.date(2024, 6, 10))
    assert add_situation(later, "Bruno M.").accord.code == "oui"
    patient = situation.patient
    patient.consent_withdrawn_on = dt.date(2024, 7, 1)
    patient.save()
    with pytest.raises(ValidationError, match="retiré son accord"):
        add_situation(MeetingFactory(pole=first.pole, date=dt.date(2024, 9, 1)), "Bruno M.")


@pytest.mark.django_db
def test_label_end_before_start_is_refused():
    korsakoff = Label(list=ListKey.DIFFICULTE, label="Test", valid_from=2025, valid_until=2024)
    with pytest.raises(ValidationError) as error:
        korsakoff.full_clean()
    assert "antérieure" in error.value.message_dict["valid_until"][0]


@pytest.mark.django_db
def test_labels_valid_in_a_year():
    difficulties = Label.objects.of(ListKey.DIFFICULTE)
    assert not difficulties.valid_in(2024).filter(label="Korsakoff").exists()
    assert difficulties.valid_in(2025).filter(label="Korsakoff").exists()


@pytest.mark.django_db
def test_restudy_realised_in_time_late_and_pending():
    patient = PatientFactory(code="Léa B.")
    three_months = label(ListKey.DELAI, "3 mois")
    first = MeetingFactory(pole=patient.pole, date=dt.date(2024, 1, 15))
    s1 = Situation.objects.create(meeting=first, patient=patient, nouvelle_intervision=True,
                                  delai_nouvelle_intervision=three_months)
    second = MeetingFactory(pole=patient.pole, date=dt.date(2024, 4, 15))
    s2 = Situation.objects.create(meeting=second, patient=patient, nouvelle_intervision=True,
                                  delai_nouvelle_intervision=three_months)
    third = MeetingFactory(pole=patient.pole, date=dt.date(2024, 8, 1))
    Situation.objects.create(meeting=third, patient=patient)
    by_situation = {r.situation.pk: r for r in restudies(Situation.objects.all())}
    assert by_situation[s1.pk].due == dt.date(2024, 4, 15)
    assert by_situation[s1.pk].in_time
    assert by_situation[s2.pk].realised and not by_situation[s2.pk].in_time
