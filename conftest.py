import pytest

from concerto.accounts.models import Role
from concerto.factories import PoleFactory, UserFactory


@pytest.fixture
def pole_a(db):
    return PoleFactory(name="Calais")


@pytest.fixture
def pole_b(db):
    return PoleFactory(name="Douai")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=Role.ADMIN)


@pytest.fixture
def staff_user(db):
    return UserFactory(username="equipe", role=Role.STAFF)


@pytest.fixture
def coordinator(db, pole_a):
    """A coordinator of pôle A only."""
    return UserFactory(username="coord-a", role=Role.COORDINATOR, poles=[pole_a])


@pytest.fixture
def coord_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def reader(db):
    return UserFactory(username="lecteur", role=Role.READER)


def pytest_configure(config):
    from django.conf import settings

    # Fast hashing in tests: real hashing costs ~0.3 s per user created.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, a test database in a file (one per xdist worker) rather than Django's
    shared-cache memory one: there a read meeting a background import's write fails at once
    (« database table is locked »), whereas on a file it waits, as in production."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(autouse=True)
def _shipped_nomenclatures(django_db_setup, django_db_blocker):
    """The shipped labels come from a data migration; a transactional test's flush removes
    them for the tests that follow on the same worker, so put them back when missing."""
    from concerto.nomenclatures.defaults import load_default_labels
    from concerto.nomenclatures.models import Label

    with django_db_blocker.unblock():
        if not Label.objects.exists():
            load_default_labels(Label)


@pytest.fixture
def task_worker(transactional_db, settings, tmp_path):
    """A real `manage.py db_worker` process on the test database (uploads in a temporary folder)."""
    from concerto.tasks.testing import WorkerProcess

    settings.MEDIA_ROOT = tmp_path / "media"
    with WorkerProcess() as worker:
        yield worker
