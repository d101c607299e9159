"""The French e-mails of a meeting's invitations (editable by the association: /courriels/)."""

from __future__ import annotations

from concerto.mailing.defaults import SIGNATURE, DefaultTemplate, register

_WHAT = ("{{ reunion }} du {{ date }}{% if heure %} à {{ heure }}{% endif %}{% if pole %} (pôle {{ pole }}){% endif %}")
_WHERE = ("{% if lieu %}Lieu : {{ lieu }}\n{% endif %}{% if lien_visio %}Lien de visio : {{ lien_visio }}\n{% endif %}")

INVITATION = register(DefaultTemplate(
    key="reunion-invitation",
    name="Invitation à une réunion",
    description="Envoyé à chaque personne invitée quand la coordinatrice envoie les invitations "
                "(avec l'événement .ics à ajouter à son agenda).",
    subject="Invitation : " + _WHAT,
    body_text=("Bonjour {{ prenom }},\n\nVous êtes invité·e à la réunion suivante : " + _WHAT + ".\n\n" + _WHERE
               + "\nL'invitation jointe (fichier .ics) s'ajoute à votre agenda.\n"
               "Merci de prévenir la coordination du pôle si vous ne pouvez pas venir." + SIGNATURE),
))

RELANCE = register(DefaultTemplate(
    key="reunion-relance",
    name="Relance avant une réunion",
    description="Envoyé automatiquement quelques jours avant la réunion (7 par défaut) aux personnes invitées.",
    subject="Rappel : " + _WHAT,
    body_text=("Bonjour {{ prenom }},\n\nPetit rappel, vous êtes invité·e à la réunion suivante, "
               "dans {{ jours }} jour(s) : " + _WHAT + ".\n\n"
               + _WHERE + "\nL'invitation jointe (fichier .ics) met votre agenda à jour." + SIGNATURE),
))

ANNULATION = register(DefaultTemplate(
    key="reunion-annulation",
    name="Annulation d'une réunion",
    description="Envoyé aux personnes déjà invitées quand une réunion est annulée.",
    subject="Annulée : " + _WHAT,
    body_text=("Bonjour {{ prenom }},\n\nLa réunion suivante est annulée : " + _WHAT + ".\n"
               "{% if motif %}Motif : {{ motif }}\n{% endif %}"
               "\nLe fichier .ics joint la retire de votre agenda. Veuillez nous excuser." + SIGNATURE),
))
