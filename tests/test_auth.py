import re

import pytest
from django.core import mail

from concerto.factories import UserFactory


@pytest.mark.django_db
def test_login_logout_and_password_reset_by_email(client):
    user = UserFactory(username="claire", email="claire@example.org")
    response = client.post("/comptes/connexion/", {"username": "claire", "password": "motdepasse-test"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    client.post("/comptes/deconnexion/")
    assert "_auth_user_id" not in client.session

    response = client.post("/comptes/mot-de-passe/", {"email": "claire@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "nouveau mot de passe" in mail.outbox[0].subject
    link = re.search(r"https?://[^/]+(/comptes/mot-de-passe/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Un-nouveau-secret-42", "new_password2": "Un-nouveau-secret-42"},
    )
    assert response.status_code == 302
    assert client.login(username="claire", password="Un-nouveau-secret-42")


@pytest.mark.django_db
def test_wrong_password_gets_a_french_message(client):
    UserFactory(username="claire")
    response = client.post("/comptes/connexion/", {"username": "claire", "password": "faux"})
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()
