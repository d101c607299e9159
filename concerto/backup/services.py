"""Backup and restore of a whole Concerto database, as one dated .zip archive.

The archive holds:
- `manifest.json`: format and version, date, Concerto's interchange version, each table's
  row count and the tables left out (EXCLUDED, with why);
- `interchange/<table>.csv`: the interchange export (format v2), the portable copy that any
  Concerto — or a spreadsheet — can read;
- `tables/<app>.<model>.json`: every row of every other table, columns as stored: users with
  their roles, pôles and password hashes, the change history, the audit journal, labels…

`restore` loads `tables/` into an empty database with the rows' own ids (so that the
history and the audit still point at their objects), in one transaction, then checks that
the database exports the archive's interchange tables exactly.

Every model of the project is backed up unless it is in EXCLUDED: a model added later is
carried automatically (tests/test_backup.py lists them all and compares row counts).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from concerto.interchange.exporter import STANDARD, _csv_bytes, export_tables
from concerto.interchange.schema import FORMAT_VERSION

FORMAT = "concerto-sauvegarde"
VERSION = 1
ZIP_DATE = (2000, 1, 1, 0, 0, 0)

# Left out of the backup, each for a reason. Everything else is saved and restored.
EXCLUDED: dict[str, str] = {
    "contenttypes.contenttype": "créé par « migrate » ; ses numéros sont propres à chaque base",
    "auth.permission": "créé par « migrate » à partir des modèles",
    "sessions.session": "connexions en cours, pas des données",
    "admin.logentry": "journal de l'administration Django (numéros de types propres à la base) ; "
                      "les changements de comptes sont dans leur historique",
    # Concerto's access is the role and the pôles of accounts.User; Django's groups and
    # per-user permissions are not used (the admin role has every permission).
    "auth.group": "groupes Django, non utilisés par Concerto (le rôle décide)",
    "auth.group_permissions": "groupes Django, non utilisés par Concerto",
    "accounts.user_groups": "groupes Django, non utilisés par Concerto",
    "accounts.user_user_permissions": "droits Django par utilisateur, non utilisés par Concerto",
    "interchange.importjob": "tentatives d'import et leurs fichiers déposés : transitoires",
    # The task queue's own state: a restored database starts with an empty queue and no worker.
    "django_tasks_database.dbtaskresult": "file des tâches (en attente, terminées) : état de fonctionnement",
    "tasks.worker": "processus de travail en marche : état de fonctionnement",
    "tasks.scheduledrun": "passages des tâches planifiées : état de fonctionnement",
    # Issue 11's guards: short-lived counters, not the association's data.
    "accounts.passwordresetrequest": "demandes récentes de mot de passe oublié (limite par heure) : transitoires",
    "core.formsubmission": "jetons des formulaires de création déjà envoyés (double clic) : transitoires, deux jours",
    # Login throttling (django-axes): attempts and locks expire; each lock is in the audit journal.
    "axes.accessattempt": "essais de connexion en cours de décompte : état de fonctionnement",
    "axes.accessattemptexpiration": "échéances des verrouillages : état de fonctionnement",
    "axes.accessfailurelog": "journal des échecs de connexion ; les verrouillages sont dans le journal des accès",
    "axes.accesslog": "journal des connexions de django-axes : état de fonctionnement",
    # Issue 16: an uploaded HelloAsso export waits for its confirmation; the public page's counter.
    "members.memberimport": "exports HelloAsso déposés en attente de confirmation : transitoires",
    "resources.publichit": "compteur de requêtes de la page publique (limite par minute) : transitoire",
    # Issue 17: the public pages' rate limit, and the visio exports once decided (their outcome is
    # in the presences and registrations, which are saved).
    "events.publichit": "accès récents aux pages publiques (limite par heure) : transitoires",
    "events.attendanceimport": "fichiers de présence visio déjà lus : leurs décisions sont dans les présences "
                               "et les inscriptions",
    "events.importline": "lignes des fichiers de présence visio : leurs décisions sont dans les présences "
                         "et les inscriptions",
    # TOTP secrets are not copied into an archive: after a restore, each enrols again.
    "otp_totp.totpdevice": "secrets de double authentification : jamais dans une archive, chacun "
                           "réenregistre son application après une restauration",
    # The reports' cache: recomputed on the first reading after a restore.
    "reports.reportfigures": "chiffres des rapports gardés en cache : recalculés à la première lecture",
    "reports.reportfile": "documents des rapports déjà fabriqués (cache) : refaits à la demande",
    "reports.dataversion": "compteur du cache des rapports : repart de la base restaurée",
}
# Filled by migrations in a new database (the shipped labels and e-mail templates): replaced by the archive's.
SEEDED = {"nomenclatures.label", "mailing.emailtemplate"}


class _Encoder(DjangoJSONEncoder):
    """Dates and times in full (Django's encoder cuts microseconds: history order would blur)."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A French message for the user: why the archive cannot be written or restored."""


@dataclass
class RestoreResult:
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete table of the project but EXCLUDED, m2m link tables included."""
    result = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in EXCLUDED:
            continue
        result.append(model)
    return sorted(result, key=lambda m: m._meta.label_lower)


def _columns(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields]


def _table_name(model: type[models.Model]) -> str:
    return f"tables/{model._meta.label_lower}.json"


def _dump(model: type[models.Model]) -> tuple[bytes, int]:
    fields = _columns(model)
    rows = list(model._base_manager.order_by(model._meta.pk.attname).values_list(*[f.attname for f in fields]))
    data = {"model": model._meta.label_lower, "columns": [f.attname for f in fields], "rows": rows}
    return json.dumps(data, cls=_Encoder, ensure_ascii=False, separators=(",", ":")).encode(), len(rows)


def _write(archive: zipfile.ZipFile, name: str, content: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)  # fixed: same data, same bytes
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, content)


def archive_name(now: dt.datetime | None = None) -> str:
    now = timezone.localtime(now)
    return f"concerto-sauvegarde-{now:%Y-%m-%d-%H%M%S}.zip"


def write_backup(target: str | Path) -> tuple[Path, dict[str, int]]:
    """Write the archive (`target` a .zip path, or a folder that receives a dated file)."""
    path = Path(target)
    if path.is_dir():
        path = path / archive_name()
    elif path.suffix.lower() != ".zip":
        raise BackupError(f"« {path.name} » : le fichier de sauvegarde doit se terminer par .zip "
                          "(ou indiquez un dossier, qui recevra un fichier daté).")
    counts: dict[str, int] = {}
    buffer = io.BytesIO()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for every table: a backup taken while people work is consistent.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, (header, rows) in export_tables().items():
                _write(archive, f"interchange/{name}.csv", _csv_bytes(header, rows, STANDARD))
            for model in backed_up_models():
                content, counts[model._meta.label_lower] = _dump(model)
                _write(archive, _table_name(model), content)
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "interchange_version": FORMAT_VERSION,
                "created": timezone.now().isoformat(timespec="seconds"),
                "database": connection.vendor,
                "tables": counts,
                "excluded": EXCLUDED,
            }
            _write(archive, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    # Written aside then renamed: an interrupted backup never leaves a truncated archive
    # under the expected name.
    partial = path.with_name(path.name + ".partiel")
    partial.write_bytes(buffer.getvalue())
    partial.replace(path)
    return path, counts


def _read_manifest(archive: zipfile.ZipFile, name: str) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except KeyError:
        raise BackupError(f"« {name} » n'est pas une sauvegarde Concerto : manifest.json absent.") from None
    except ValueError:
        raise BackupError(f"« {name} » : manifest.json illisible.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"« {name} » n'est pas une sauvegarde Concerto (format « {manifest.get('format')} »).")
    if manifest.get("version", 0) > VERSION:
        raise BackupError(f"« {name} » vient d'une version plus récente de Concerto (sauvegarde v"
                          f"{manifest.get('version')}) : mettez Concerto à jour avant de la restaurer.")
    return manifest


def non_empty_tables() -> list[str]:
    """Tables of the backup holding rows already (the seeded labels do not count)."""
    return [m._meta.label_lower for m in backed_up_models()
            if m._meta.label_lower not in SEEDED and m._base_manager.exists()]


def _rows(model: type[models.Model], data: dict, name: str) -> list[models.Model]:
    by_attname = {f.attname: f for f in _columns(model)}
    unknown = [c for c in data["columns"] if c not in by_attname]
    if unknown:
        raise BackupError(f"« {name} », table {model._meta.label_lower} : colonnes inconnues de cette version "
                          f"de Concerto ({', '.join(unknown)}) : restaurez avec la version qui a fait la sauvegarde.")
    fields = [by_attname[c] for c in data["columns"]]
    objs = []
    for row in data["rows"]:
        values = {}
        for model_field, value in zip(fields, row, strict=True):
            values[model_field.attname] = None if value is None else model_field.to_python(value)
        objs.append(model(**values))
    return objs


def restore_backup(source: str | Path) -> RestoreResult:
    """Load an archive into an empty database, all or nothing."""
    path = Path(source)
    if not path.is_file():
        raise BackupError(f"Fichier introuvable : {path}")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise BackupError(f"« {path.name} » n'est pas une archive .zip lisible.") from None
    result = RestoreResult()
    with archive:
        manifest = _read_manifest(archive, path.name)
        names = set(archive.namelist())
        known = {m._meta.label_lower: m for m in backed_up_models()}
        missing = [label for label in manifest["tables"] if label not in known]
        if missing:
            raise BackupError(f"« {path.name} » contient des tables que cette version de Concerto ne connaît pas "
                              f"({', '.join(missing)}) : restaurez avec la version qui a fait la sauvegarde.")
        with transaction.atomic():
            busy = non_empty_tables()
            if busy:
                raise BackupError(
                    "La base de données n'est pas vide (" + ", ".join(busy[:6])
                    + (" …" if len(busy) > 6 else "") + ") : une sauvegarde ne se restaure que dans une base "
                    "vide, créée par « python manage.py migrate ». Rien n'a été modifié.")
            for label in SEEDED:
                # A new database holds the shipped labels; the archive's replace them (ids included).
                model = known[label]
                model._base_manager.update(**{f.attname: None for f in _columns(model)
                                              if f.is_relation and f.null and f.related_model is model})
                model._base_manager.all().delete()
            for label, model in known.items():
                member = _table_name(model)
                if member not in names:
                    if label in manifest["tables"]:
                        raise BackupError(f"« {path.name} » est incomplète : {member} manque.")
                    result.warnings.append(f"Table {label} absente de la sauvegarde (ajoutée depuis) : laissée vide.")
                    continue
                data = json.loads(archive.read(member))
                objs = _rows(model, data, path.name)
                # Foreign keys are checked at the end of the transaction (deferred on
                # PostgreSQL and SQLite alike), so the tables' order does not matter.
                with _stored_times(model):
                    model._base_manager.bulk_create(objs, batch_size=1000)
                result.counts[label] = len(objs)
            _reset_sequences(list(known.values()))
            _check_constraints()
        expected = {name.removeprefix("interchange/").removesuffix(".csv"): archive.read(name)
                    for name in names if name.startswith("interchange/")}
    exported = {name: _csv_bytes(header, rows, STANDARD) for name, (header, rows) in export_tables().items()}
    differing = sorted(n for n in expected if exported.get(n) != expected[n])
    if differing:
        result.warnings.append("L'export au format d'échange diffère de celui de la sauvegarde pour : "
                               + ", ".join(differing) + " (sauvegarde d'une autre version de Concerto ?).")
    return result


@contextlib.contextmanager
def _stored_times(model: type[models.Model]) -> Iterator[None]:
    """Keep the archive's dates in auto_now / auto_now_add fields (bulk_create would stamp « now »)."""
    fields = [f for f in model._meta.concrete_fields
              if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _reset_sequences(model_list: list[type[models.Model]]) -> None:
    """Rows came with their ids: the next id must follow them (PostgreSQL sequences)."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _check_constraints() -> None:
    """Every foreign key of the restored rows points at a row (a damaged archive fails here)."""
    try:
        connection.check_constraints()
    except IntegrityError as error:
        raise BackupError(f"Sauvegarde incohérente, rien n'a été restauré : {error}") from error
