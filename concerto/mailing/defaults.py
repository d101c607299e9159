"""The French templates shipped with Concerto; another app adds its own with `register`.

A template missing from the database is created from here when first sent (send_email), so a
new app's e-mails need no data migration; the association's edits are never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DefaultTemplate:
    key: str
    name: str
    description: str
    subject: str
    body_text: str
    body_html: str = ""


DEFAULTS: dict[str, DefaultTemplate] = {}


def register(template: DefaultTemplate) -> DefaultTemplate:
    DEFAULTS[template.key] = template
    return template


SIGNATURE = "\n\n-- \nConcerto\nCe message est envoyé automatiquement, merci de ne pas y répondre."

SIGNATURE_HTML = ("<p style=\"color:#666;font-size:90%\">-- <br>Concerto<br>Ce message est envoyé automatiquement, "
                  "merci de ne pas y répondre.</p>")

register(DefaultTemplate(
    key="essai",
    name="Message d'essai",
    description="Envoyé depuis la page des courriels pour vérifier que l'envoi fonctionne.",
    subject="Concerto : message d'essai",
    body_text=("Bonjour {{ prenom }},\n\nCe message d'essai confirme que Concerto sait vous écrire "
               "à l'adresse {{ destinataire }}. Aucune action n'est nécessaire." + SIGNATURE),
    body_html=("<p>Bonjour {{ prenom }},</p><p>Ce message d'essai confirme que Concerto sait vous écrire à "
               "l'adresse <strong>{{ destinataire }}</strong>. Aucune action n'est nécessaire.</p>"
               + SIGNATURE_HTML),
))
