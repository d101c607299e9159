"""Interchange tables of CPOM actions: analysis, writing and export (spec/interchange.md v2).

The generic importer reads, parses and locates every cell (schema.py); this module does what
it cannot: rows of `actions` spread over `Action` (stable fields) and `ActionYear` (the
year's fields), keys of several columns, and the rules of cpom.services (an action-year is
created for any row of a year the action has no line for yet).
"""

from __future__ import annotations

from collections.abc import Callable

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from concerto.cpom import services
from concerto.cpom.models import Action, ActionYear, Evaluation, Indicator, Scope, SurveyAnswer, TimeEntry
from concerto.directory.models import Person
from concerto.nomenclatures.models import normalize_label

from .schema import DATE, DECIMAL, INT, LABEL, TABLES_BY_NAME, Table

ACTION_FIELDS = {"axe": "axe_id", "titre": "title", "objectifs": "objectives", "partenaires": "partners",
                 "territoires": "territories"}
YEAR_FIELDS = {"heures": "hours", "statut": "status_id", "perspectives": "perspectives",
               "financement": "financing", "realisations": "realisations"}
CHILD_MODELS = {"heures_action": TimeEntry, "indicateurs_action": Indicator, "evaluations_action": Evaluation,
                "enquetes_action": SurveyAnswer}
SCOPES = {normalize_label(label): value for value, label in Scope.choices}
MIN_YEAR, MAX_YEAR = 1990, 2200


def _field(table: Table, key: str) -> str:
    """Model attribute compared and written for a column of a child table."""
    column = table.column(key)
    if column.kind == LABEL:
        return f"{column.field}_id"
    return column.field


class State:
    """What the database holds for CPOM actions, keyed as the file keys its rows."""

    def __init__(self) -> None:
        self.actions = {a.ref: a for a in Action.objects.all()}
        self.years = {(ay.action.ref, ay.year): ay for ay in ActionYear.objects.select_related("action")}
        self.people = dict(Person.objects.values_list("ref", "pk"))
        self.children: dict[str, dict[tuple, object]] = {}
        for name, model in CHILD_MODELS.items():
            table = TABLES_BY_NAME[name]
            related = ["action", "person"] if model is TimeEntry else ["action"]
            self.children[name] = {self.key(table, obj): obj for obj in model.objects.select_related(*related)}

    def key(self, table: Table, obj) -> tuple:
        values = []
        for key in table.key:
            if key == "id_action":
                values.append(obj.action.ref)
            elif key == "id_personne":
                values.append(obj.person.ref if obj.person_id else None)
            elif key == "portee":
                values.append(obj.scope)
            else:
                value = getattr(obj, table.column(key).field)
                values.append("" if value is None and table.column(key).kind not in (DATE, INT, DECIMAL) else value)
        return tuple(values)


def _state(analysis) -> State:
    if not hasattr(analysis, "cpom_state"):
        analysis.cpom_state = State()
    return analysis.cpom_state


# ---------------------------------------------------------------------------------------------
# Checks


def check(analysis) -> None:
    state = _state(analysis)
    parsed_actions = analysis.tables.get("actions")
    file_actions = {row.values["id_action"] for row in parsed_actions.rows} if parsed_actions else set()
    file_people = set(analysis.file_rows.get("personnes", {}))
    for name in ("actions", *CHILD_MODELS):
        parsed = analysis.tables.get(name)
        if parsed is None:
            continue
        for row in parsed.rows:
            values = row.values
            year = values.get("annee") if "annee" in values else (values["date"].year if values.get("date") else None)
            if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
                analysis.error(parsed.sheet, row.number, "annee" if "annee" in values else "date", year,
                               f"Année hors limites (attendu entre {MIN_YEAR} et {MAX_YEAR}).")
            if name != "actions" and values["id_action"] not in file_actions | set(state.actions):
                analysis.error(parsed.sheet, row.number, "id_action", values["id_action"],
                               "Action inconnue : ni dans l'onglet actions du fichier, ni dans Concerto.")
            for column in parsed.table.columns:
                value = values.get(column.key)
                if column.kind in (INT, DECIMAL) and value is not None and value < 0:
                    analysis.error(parsed.sheet, row.number, column.key, value, "Un nombre positif est attendu.")
            getattr(_Checks, name)(analysis, parsed, row, state, file_people)
            if name != "actions":
                row.key = _row_key(parsed.table, values)
        if name == "actions":
            _check_years_of_actions(analysis, parsed)


def _row_key(table: Table, values: dict) -> tuple:
    """The row's key as State.key gives it for the database's objects."""
    out = []
    for key in table.key:
        value = values.get(key)
        if key == "id_personne":
            out.append(value or None)
        elif key == "portee":
            out.append(value or Scope.YEAR.value)
        elif value is None and table.column(key).kind not in (DATE, INT, DECIMAL):
            out.append("")
        else:
            out.append(value)
    return tuple(out)


def _check_years_of_actions(analysis, parsed) -> None:
    """Rows of one action must agree on what does not change from year to year."""
    first: dict[str, object] = {}
    for row in parsed.rows:
        ref = row.values["id_action"]
        if ref not in first:
            first[ref] = row
            continue
        for key in ACTION_FIELDS:
            if key in parsed.columns and row.values.get(key) != first[ref].values.get(key):
                analysis.error(parsed.sheet, row.number, key, "",
                               f"Diffère de la ligne {first[ref].number} de la même action : un axe, un intitulé, "
                               "des objectifs, partenaires et territoires par action.")


class _Checks:
    @staticmethod
    def actions(analysis, parsed, row, state, people) -> None:
        return None

    @staticmethod
    def heures_action(analysis, parsed, row, state, people) -> None:
        ref = row.values.get("id_personne")
        if ref and ref not in people and ref not in state.people:
            analysis.error(parsed.sheet, row.number, "id_personne", ref,
                           "Référence inconnue : ni dans la table personnes du fichier, ni dans Concerto.")
        hours = row.values.get("heures")
        if hours is not None and hours > 24 * 7:
            analysis.error(parsed.sheet, row.number, "heures", hours, "Plus de 168 heures sur une ligne (une semaine).")

    @staticmethod
    def indicateurs_action(analysis, parsed, row, state, people) -> None:
        values = row.values
        text = values.get("portee") or ""
        scope = SCOPES.get(normalize_label(text)) if text else Scope.YEAR.value
        if scope is None:
            analysis.error(parsed.sheet, row.number, "portee", text,
                           "Portée inconnue : attendu « Année » ou « Depuis le début ».")
        values["portee"] = scope or Scope.YEAR.value
        try:
            services.check_source(values.get("source") or "")
        except Exception as error:  # ValidationError: its message says what is known
            analysis.error(parsed.sheet, row.number, "source", values.get("source"), " ".join(error.messages))
        if values.get("valeur") is None and not values.get("source"):
            analysis.error(parsed.sheet, row.number, "valeur", "",
                           "Valeur obligatoire (sauf pour un indicateur calculé : colonne source).")

    @staticmethod
    def evaluations_action(analysis, parsed, row, state, people) -> None:
        value = row.values.get("satisfaction")
        if value is not None and value > 10:
            analysis.error(parsed.sheet, row.number, "satisfaction", value, "La satisfaction est une note sur 10.")

    @staticmethod
    def enquetes_action(analysis, parsed, row, state, people) -> None:
        respondents = row.values.get("repondants")
        if respondents is not None and row.values.get("nombre") is not None and row.values["nombre"] > respondents:
            analysis.error(parsed.sheet, row.number, "nombre", row.values["nombre"],
                           f"Plus de réponses ({row.values['nombre']}) que de répondants ({respondents}).")


# ---------------------------------------------------------------------------------------------
# Created / updated / unchanged


def _new(value, kind: str):
    return "" if value is None and kind not in (DATE, INT, DECIMAL, LABEL) else value


def classify(analysis, parsed, counts) -> None:
    state = _state(analysis)
    table = parsed.table
    for row in parsed.rows:
        if table.name == "actions":
            existing = state.years.get((row.values["id_action"], row.values["annee"]))
            action = state.actions.get(row.values["id_action"])
            changed = [k for k, f in ACTION_FIELDS.items() if k in parsed.columns and action is not None
                       and getattr(action, f) != _new(row.values.get(k), table.column(k).kind)]
            row.action_changed = changed
        else:
            existing = state.children[table.name].get(row.key)
            changed = []
        row.existing = existing
        if existing is None:
            counts.created += 1
            continue
        fields = YEAR_FIELDS if table.name == "actions" else {
            k: _field(table, k) for k in parsed.columns if k not in table.key}
        for key, attr in fields.items():
            if key in parsed.columns and getattr(existing, attr) != _new(row.values.get(key), table.column(key).kind):
                changed.append(key)
        row.changed = changed
        if changed:
            counts.updated += 1
        else:
            counts.unchanged += 1


# ---------------------------------------------------------------------------------------------
# Writing


def _stamp(obj, writer) -> None:
    obj._history_user = writer.user
    obj._change_reason = "Import"


def _year_of(writer, state: State, ref: str, year: int) -> ActionYear:
    """The action-year a row of another table belongs to, created when missing."""
    key = (ref, year)
    if key not in state.years:
        ay = ActionYear(action=state.actions[ref], year=year)
        _stamp(ay, writer)
        ay.save()
        state.years[key] = ay
    return state.years[key]


def write(writer, parsed) -> None:
    state = _state(writer.a)
    table = parsed.table
    if table.name == "actions":
        _write_actions(writer, state, parsed)
        return
    model = CHILD_MODELS[table.name]
    to_create, to_update, fields = [], [], set()
    positions: dict[tuple, int] = {}
    for row in parsed.rows:
        values = row.values
        year = values["date"].year if table.name == "heures_action" else values["annee"]
        _year_of(writer, state, values["id_action"], year)
        if row.existing is None:
            obj = model(action=state.actions[values["id_action"]])
            _assign(table, obj, values, [k for k in parsed.columns if k != "id_action"], writer)
            if hasattr(obj, "position"):
                group = (values["id_action"], year)
                positions[group] = positions.get(group, _last_position(state, table.name, group)) + 1
                obj.position = positions[group]
            to_create.append(obj)
        elif row.changed:
            _assign(table, row.existing, values, row.changed, writer)
            to_update.append(row.existing)
            fields.update(_field(table, k).removesuffix("_id") for k in row.changed)
    bulk_create_with_history(to_create, model, batch_size=500, default_user=writer.user,
                             default_change_reason="Import")
    if to_update:
        bulk_update_with_history(to_update, model, sorted(fields), batch_size=500, default_user=writer.user,
                                 default_change_reason="Import")


def _last_position(state: State, name: str, group: tuple) -> int:
    return max((obj.position for key, obj in state.children[name].items() if key[:2] == group), default=0)


def _assign(table: Table, obj, values: dict, keys: list[str], writer) -> None:
    for key in keys:
        column = table.column(key)
        value = values.get(key)
        if key == "id_personne":
            # People of the file are written first: the generic writer knows their ids.
            obj.person_id = writer.pk("personnes", value) if value else None
        elif key == "portee":
            obj.scope = value
        else:
            setattr(obj, _field(table, key), _new(value, column.kind))


def _write_actions(writer, state: State, parsed) -> None:
    for row in parsed.rows:
        values = row.values
        ref = values["id_action"]
        action = state.actions.get(ref)
        if action is None:
            action = Action(ref=ref)
            for key, attr in ACTION_FIELDS.items():
                setattr(action, attr, _new(values.get(key), parsed.table.column(key).kind))
            _stamp(action, writer)
            action.save()
            state.actions[ref] = action
        elif row.action_changed:
            for key in row.action_changed:
                setattr(action, ACTION_FIELDS[key], _new(values.get(key), parsed.table.column(key).kind))
            _stamp(action, writer)
            action.save()
            row.action_changed = []  # the other years' rows of the action find it up to date
        ay = row.existing or ActionYear(action=action, year=values["annee"])
        if row.existing is None or row.changed:
            for key, attr in YEAR_FIELDS.items():
                if key in parsed.columns:
                    setattr(ay, attr, _new(values.get(key), parsed.table.column(key).kind))
            _stamp(ay, writer)
            ay.save()
        state.years[(ref, values["annee"])] = ay


# ---------------------------------------------------------------------------------------------
# Export


def export_rows(table: Table, user, fmt: Callable[[str, object], str]) -> list[list[str]]:
    if table.name == "actions":
        rows = []
        for ay in ActionYear.objects.select_related("action", "action__axe", "status").order_by("action__ref", "year"):
            a = ay.action
            cells = {"id_action": a.ref, "axe": a.axe.label, "titre": a.title, "annee": ay.year, "heures": ay.hours,
                     "statut": ay.status.label if ay.status else "", "perspectives": ay.perspectives,
                     "financement": ay.financing, "objectifs": a.objectives, "partenaires": a.partners,
                     "territoires": a.territories, "realisations": ay.realisations}
            rows.append([fmt(c.kind, cells[c.key]) for c in table.columns])
        return rows
    model = CHILD_MODELS[table.name]
    qs = model.objects.select_related("action")
    if model is TimeEntry:
        qs = qs.select_related("person").order_by("action__ref", "date", "person__ref", "pk")
    else:
        qs = qs.order_by("action__ref", "year", "position", "pk")
    rows = []
    for obj in qs:
        row = []
        for column in table.columns:
            if column.key == "id_action":
                value = obj.action.ref
            elif column.key == "id_personne":
                value = obj.person.ref if obj.person_id else ""
            elif column.key == "portee":
                value = Scope(obj.scope).label
            else:
                value = getattr(obj, column.field)
            row.append(fmt(column.kind, value))
        rows.append(row)
    return rows


