"""Meeting forms: filters of the list, the meeting itself, the attendance grid."""

from __future__ import annotations

import datetime as dt
import re

import django_filters
from django import forms
from django.db.models import Max, Min
from django.http import QueryDict

from concerto.directory.models import Person, Structure
from concerto.nomenclatures.models import Label, ListKey
from concerto.poles.models import Pole

from .lifecycle import Stage
from .models import Meeting
from .services import GridRow, Mark


def _user_poles(request) -> object:
    return Pole.objects.for_user(request.user) if request else Pole.objects.none()


def _meeting_years() -> list[tuple[int, int]]:
    # From the first to the last meeting's year: two index lookups, not a scan of every date.
    bounds = Meeting.objects.aggregate(first=Min("date"), last=Max("date"))
    if bounds["first"] is None:
        return []
    return [(year, str(year)) for year in range(bounds["last"].year, bounds["first"].year - 1, -1)]


class MeetingFilter(django_filters.FilterSet):
    pole = django_filters.ModelChoiceFilter(queryset=_user_poles, label="Pôle", empty_label="Tous les pôles")
    type = django_filters.ModelChoiceFilter(
        queryset=Label.objects.of(ListKey.TYPE_REUNION), label="Type", empty_label="Tous les types"
    )
    annee = django_filters.ChoiceFilter(
        field_name="date", lookup_expr="year", label="Année", choices=_meeting_years, empty_label="Toutes les années"
    )
    # The queryset carries the `stage` annotation (lifecycle.with_stage).
    etape = django_filters.ChoiceFilter(field_name="stage", label="Étape", choices=Stage.choices,
                                        empty_label="Toutes les étapes")

    class Meta:
        model = Meeting
        fields = ["pole", "type", "annee", "etape"]


# People and structures are chosen by search-as-you-type (person-pick, structure-pick), not in
# native selects of hundreds: field -> (picker URL name, placeholder, "nobody" choice).
PICKER_FIELDS: dict[str, tuple[str, str, str]] = {
    "animateur": ("person-pick", "Nom, profession…", "Personne"),
    "expert": ("person-pick", "Nom, profession…", "Personne"),
    "organiser": ("structure-pick", "Nom, commune, type…", "Aucune"),
}


class MeetingForm(forms.ModelForm):
    """A meeting; a coordinator may only choose among their pôles."""

    visio_url = forms.URLField(
        label="Lien de visio", required=False, max_length=500, assume_scheme="https",
        help_text=Meeting._meta.get_field("visio_url").help_text,
        widget=forms.URLInput(attrs={"placeholder": "https://…", "inputmode": "url"}))

    class Meta:
        model = Meeting
        fields = [
            "type", "pole", "date", "start_time", "end_time", "modality", "lieu", "visio_url",
            "animateur", "expert", "organiser", "theme", "notes",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"date": "JJ/MM/AAAA"}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        instance = self.instance
        year = self._year()
        for name, list_key in (("type", ListKey.TYPE_REUNION), ("modality", ListKey.MODALITE)):
            current = getattr(instance, f"{name}_id")
            keep = [current] if current else None
            self.fields[name].queryset = Label.objects.for_form(list_key, year, keep=keep)
        self.fields["pole"].queryset = Pole.objects.for_user(user)
        self.fields["pole"].empty_label = "— sans pôle (réunion de l'association) —"
        self.fields["animateur"].queryset = Person.objects.select_related("category")
        self.fields["expert"].queryset = Person.objects.select_related("category")
        self.fields["organiser"].queryset = Structure.objects.all()
        for name in PICKER_FIELDS:
            self.fields[name].widget = forms.HiddenInput()  # rendered as a picker by the template
        self.fields["date"].input_formats = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"]

    def pickers(self) -> dict[str, dict]:
        """What the template needs for each picker: the current choice (one query each)."""
        from django.urls import reverse

        result = {}
        for name, (url_name, placeholder, none_label) in PICKER_FIELDS.items():
            bound = self[name]
            raw = bound.value()
            current = None
            if raw not in (None, "") and str(raw).isdigit():
                obj = self.fields[name].queryset.filter(pk=raw).first()
                if obj is not None:
                    kind = obj.category.label if isinstance(obj, Person) else obj.type.label
                    current = (obj.pk, str(obj), kind)
            result[name] = {
                "name": name, "field": bound, "current": current, "url": reverse(url_name),
                "placeholder": placeholder, "none_label": none_label, "suggest": name != "organiser" or current is None,
            }
        return result

    def _year(self) -> int:
        """The year whose labels the form offers: the posted date's, else the meeting's."""
        if self.is_bound:
            raw = self.data.get(self.add_prefix("date"), "")
            for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
                try:
                    return dt.datetime.strptime(raw.strip(), fmt).year
                except ValueError:
                    continue
        if self.instance.date:
            return self.instance.date.year
        return dt.date.today().year

    def clean_pole(self) -> Pole | None:
        pole = self.cleaned_data.get("pole")
        if pole is None and not self.user.is_association:
            raise forms.ValidationError(
                "Choisissez l'un de vos pôles : seule l'équipe de l'association crée des réunions sans pôle."
            )
        return pole


def _is_id(raw: str) -> bool:
    return raw.isdigit() and len(raw) < 16  # beyond that, not a database id (and not an overflow)


_MARK = re.compile(r"^(present|remote|camera)-(.*)$")
GRID_FIELD = "grille"
_FLAGS = {"p": "present", "r": "remote", "c": "camera"}
MAX_GRID_ROWS = 5000


def expand_grid(data: QueryDict) -> QueryDict:
    """The grid as its checkboxes would post it, from the one field the page's script sends.

    A request may carry at most 1,000 fields (DATA_UPLOAD_MAX_NUMBER_FIELDS): a grid of 306
    people all remote with camera posted 1,200 and was refused with a raw 400. The page's
    script (static/concerto/attendance.js) sends instead « grille » = "id:flags id:flags …"
    (p present, r remote, c camera, a added without invitation); without the script the
    checkboxes post as before, which is fine for everyday grids.
    """
    compact = data.get(GRID_FIELD)
    if compact is None:
        return data
    expanded = QueryDict(mutable=True)
    for key, values in data.lists():
        if key != GRID_FIELD and not _MARK.match(key) and key not in ("person", "added"):
            expanded.setlist(key, values)
    for entry in compact.split()[:MAX_GRID_ROWS]:
        raw, _, flags = entry.partition(":")
        expanded.appendlist("person", raw)
        if "a" in flags:
            expanded.appendlist("added", raw)
        for flag, kind in _FLAGS.items():
            if flag in flags:
                expanded[f"{kind}-{raw}"] = "on"
    return expanded


class AttendanceGridForm:
    """Parses the attendance grid POST: `person` (row ids), `added` (walk-ins) and
    `present-<id>`, `remote-<id>`, `camera-<id>` checkboxes. Any id outside the grid is refused."""

    def __init__(self, rows: list[GridRow], data: QueryDict) -> None:
        self.rows = rows
        self.data = data
        self.errors: list[str] = []
        self.marks: dict[int, Mark] = {}
        self.walk_ins: set[int] = set()

    def is_valid(self) -> bool:
        grid_ids = {row.person.pk for row in self.rows if not row.added}
        added_raw = self.data.getlist("added")
        added_ids = self._ids(added_raw)
        known_added = set(Person.objects.filter(pk__in=added_ids).values_list("pk", flat=True))
        for raw in added_raw:
            if not _is_id(raw) or int(raw) not in known_added:
                self.errors.append(f"Personne inconnue : « {raw} » n'existe pas dans l'annuaire.")
        self.walk_ins = known_added - grid_ids
        allowed = grid_ids | known_added
        ticks: dict[int, set[str]] = {}
        row_ids_raw = list(self.data.getlist("person"))
        for key in self.data:
            match = _MARK.match(key)
            if match:
                kind, raw = match.groups()
                row_ids_raw.append(raw)
                if _is_id(raw):
                    ticks.setdefault(int(raw), set()).add(kind)
        reported = set()
        for raw in row_ids_raw:
            if raw in reported:
                continue
            if not _is_id(raw) or int(raw) not in allowed:
                reported.add(raw)
                self.errors.append(self._unknown(raw))
        if self.errors:
            return False
        for person_id in self._ids(row_ids_raw):
            kinds = ticks.get(person_id, set())
            self.marks[person_id] = Mark.from_ticks("present" in kinds, "remote" in kinds, "camera" in kinds)
        return True

    @staticmethod
    def _ids(raws: list[str]) -> set[int]:
        return {int(r) for r in raws if _is_id(r)}

    @staticmethod
    def _unknown(raw: str) -> str:
        person = Person.objects.filter(pk=int(raw)).first() if _is_id(raw) else None
        if person is not None:
            return f"Personne inconnue : {person} ne fait pas partie de cette réunion (ajoutez-la d'abord)."
        return f"Personne inconnue : « {raw} » n'existe pas dans l'annuaire."
