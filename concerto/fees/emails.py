"""The fees' e-mail (editable by the association: /courriels/)."""

from __future__ import annotations

from concerto.mailing.defaults import SIGNATURE, DefaultTemplate, register

PAYMENT = register(DefaultTemplate(
    key="indemnisation-paiement",
    name="Paiement des indemnisations",
    description="Envoyé à chaque professionnel libéral quand le paiement de ses indemnisations est enregistré, "
                "avec la proposition d'adhésion à l'association.",
    subject="Vos indemnisations de participation aux Intervisions",
    body_text=(
        "Bonjour {{ prenom }},\n\n"
        "Le paiement de vos indemnisations pour votre participation aux Intervisions a été effectué "
        "le {{ date_paiement }} :\n"
        "{% for ligne in lignes %}- {{ ligne }}\n{% endfor %}"
        "Total : {{ total }}\n\n"
        "Merci pour votre participation. La participation aux Intervisions n'est jamais conditionnée à "
        "l'adhésion, mais vous pouvez soutenir l'association en y adhérant pour l'année {{ annee }} "
        "(membre de plein exercice pour les professionnels libéraux){% if lien_adhesion %} : {{ lien_adhesion }}"
        "{% endif %}." + SIGNATURE),
))
