"""factory_boy factories shared by the tests and the demo-data generator."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from concerto.accounts.models import Role, User
from concerto.directory.models import Person, Structure
from concerto.meetings.models import Attendance, Meeting
from concerto.nomenclatures.models import Label, ListKey
from concerto.poles.models import Pole
from concerto.situations.models import Patient, Situation, SituationInvitation


def label(list_key: str, text_or_code: str) -> Label:
    """A shipped label by its code or exact text."""
    qs = Label.objects.filter(list=list_key)
    return qs.filter(code=text_or_code).first() or qs.get(label=text_or_code)


class StructureFactory(DjangoModelFactory):
    class Meta:
        model = Structure
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"CSAPA Structure {n}")
    type = factory.LazyFunction(lambda: label(ListKey.TYPE_STRUCTURE, "CSAPA"))
    commune = "Lille"


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    ref = factory.Sequence(lambda n: f"P{n:05d}")
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    first_name = "Claire"
    category = factory.LazyFunction(lambda: label(ListKey.CATEGORIE, "generalistes_liberaux"))
    profession = "Médecin généraliste"


class PoleFactory(DjangoModelFactory):
    class Meta:
        model = Pole
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Pôle {n}")
    departement = "59"
    lieu = "CSAPA"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.COORDINATOR
    password = factory.PostGenerationMethodCall("set_password", "motdepasse-test")

    @factory.post_generation
    def poles(self, create, extracted, **kwargs):
        if create and extracted:
            self.poles.set(extracted)
        if create:
            self.save()


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    ref = factory.Sequence(lambda n: f"R{n:05d}")
    type = factory.LazyFunction(lambda: label(ListKey.TYPE_REUNION, "intervision"))
    pole = factory.SubFactory(PoleFactory)
    date = dt.date(2024, 3, 12)
    modality = factory.LazyFunction(lambda: label(ListKey.MODALITE, "presentiel"))
    lieu = "CSAPA"


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    invited = True
    present = True


class PatientFactory(DjangoModelFactory):
    class Meta:
        model = Patient

    pole = factory.SubFactory(PoleFactory)
    code = factory.Sequence(lambda n: f"P-{n:04d}")


class SituationFactory(DjangoModelFactory):
    class Meta:
        model = Situation

    ref = factory.Sequence(lambda n: f"S{n:05d}")
    meeting = factory.SubFactory(MeetingFactory)
    patient = factory.LazyAttribute(lambda s: PatientFactory(pole=s.meeting.pole))


class SituationInvitationFactory(DjangoModelFactory):
    class Meta:
        model = SituationInvitation

    situation = factory.SubFactory(SituationFactory)
    person = factory.SubFactory(PersonFactory)
    present = True
