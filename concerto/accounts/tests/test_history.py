"""Accounts keep their change history (role, pôles, password) for the admin, hashes never shown."""

import pytest
from django.urls import reverse

from concerto.accounts.models import Role, User
from concerto.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_account_history_in_admin_without_password_hash(client, admin_user, pole_a):
    user = UserFactory(username="claire", role=Role.READER)
    user.role = Role.COORDINATOR
    user.save()
    user.poles.add(pole_a)
    user.set_password("un-autre-mot-de-passe")
    user.save()
    client.force_login(admin_user)
    response = client.get(reverse("admin:accounts_user_history", args=[user.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lecteur (rapports agrégés)" in html and "Coordinateur·rice de pôle" in html
    assert "Calais" in html  # the pôles given
    assert "modifié (valeur non affichée)" in html
    assert user.password not in html and "md5$" not in html


def test_logging_in_is_not_a_change(client, pole_a):
    user = UserFactory(username="claire")
    user.set_password("secret-de-test-42")
    user.save()
    count = user.history.count()
    assert client.login(username="claire", password="secret-de-test-42")
    assert User.objects.get(pk=user.pk).last_login is not None
    assert user.history.count() == count


def test_staff_cannot_open_account_history(client, staff_user, admin_user):
    client.force_login(staff_user)
    response = client.get(reverse("admin:accounts_user_history", args=[admin_user.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
