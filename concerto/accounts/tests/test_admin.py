import pytest

from concerto.accounts.models import Role
from concerto.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_role_opens_the_django_admin_and_manages_users(client, admin_user, pole_a):
    assert admin_user.is_staff and not admin_user.is_superuser
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
    response = client.post("/admin/accounts/user/add/", {
        "username": "coord-calais", "email": "c@example.org", "role": Role.COORDINATOR, "poles": [pole_a.pk],
        "password1": "Un-secret-solide-42", "password2": "Un-secret-solide-42",
    })
    assert response.status_code == 302
    created = type(admin_user).objects.get(username="coord-calais")
    assert list(created.poles.all()) == [pole_a]
    assert not created.is_staff


@pytest.mark.parametrize("role", [Role.STAFF, Role.COORDINATOR, Role.READER])
def test_other_roles_stay_out_of_the_django_admin(client, role):
    user = UserFactory(username=f"u-{role}", role=role)
    assert not user.is_staff
    client.force_login(user)
    assert client.get("/admin/").status_code == 302  # sent to the admin login


def test_demoting_an_admin_removes_admin_access(admin_user):
    admin_user.role = Role.STAFF
    admin_user.save()
    assert not admin_user.is_staff
    assert not admin_user.has_perm("accounts.change_user")


@pytest.mark.parametrize(
    "path",
    ["poles/pole", "directory/person", "directory/structure", "nomenclatures/label", "accounts/user"],
)
def test_admin_pages_of_our_models_render(client, admin_user, path):
    client.force_login(admin_user)
    assert client.get(f"/admin/{path}/").status_code == 200
    assert client.get(f"/admin/{path}/add/").status_code == 200
