"""The events' e-mails (editable by the association in « Courriels »)."""

from __future__ import annotations

from concerto.mailing.defaults import SIGNATURE, DefaultTemplate, register

register(DefaultTemplate(
    key="evenement-inscription",
    name="Événement : confirmation d'inscription",
    description="Envoyé à l'inscription sur la page publique d'un Agor'Add, d'un webinaire ou d'un groupe "
                "d'échange, avec l'invitation (.ics) à ajouter à son agenda.",
    subject="Inscription confirmée : {{ evenement }} le {{ quand }}",
    body_text=("Bonjour {{ prenom }},\n\nVotre inscription à « {{ evenement }} » ({{ type }}) du {{ quand }} est "
               "bien enregistrée.{% if lieu %}\nLieu : {{ lieu }}{% endif %}{% if lien_visio %}\nLien de "
               "connexion : {{ lien_visio }}{% else %}\nLe lien de connexion vous sera envoyé avant la séance."
               "{% endif %}\n\nL'invitation jointe s'ajoute à votre agenda." + SIGNATURE),
))
register(DefaultTemplate(
    key="evenement-lien-visio",
    name="Événement : lien de visioconférence",
    description="Envoyé par l'équipe à toutes les personnes inscrites, depuis la page de l'événement.",
    subject="Lien de connexion : {{ evenement }} le {{ quand }}",
    body_text=("Bonjour {{ prenom }},\n\nVoici le lien pour rejoindre « {{ evenement }} » le {{ quand }} :\n"
               "{{ lien_visio }}\n\nMerci de ne pas le transmettre : chaque participant·e s'inscrit, ce qui "
               "permet de vous envoyer le questionnaire d'évaluation." + SIGNATURE),
))
register(DefaultTemplate(
    key="evenement-rappel",
    name="Événement : rappel la veille",
    description="Envoyé automatiquement la veille de l'événement à chaque personne inscrite.",
    subject="Rappel : {{ evenement }} demain ({{ quand }})",
    body_text=("Bonjour {{ prenom }},\n\nNous vous rappelons « {{ evenement }} » demain, le {{ quand }}."
               "{% if lieu %}\nLieu : {{ lieu }}{% endif %}{% if lien_visio %}\nLien de connexion : "
               "{{ lien_visio }}{% endif %}\n\nÀ demain !" + SIGNATURE),
))
register(DefaultTemplate(
    key="evenement-documents",
    name="Événement : relance des documents au co-organisateur",
    description="Envoyé par l'équipe à la structure co-organisatrice quand des documents manquent "
                "(feuille d'émargement, questionnaires).",
    subject="Documents à nous retourner : {{ evenement }} du {{ quand }}",
    body_text=("Bonjour,\n\nPour « {{ evenement }} » du {{ quand }}, nous n'avons pas encore reçu :\n"
               "{{ documents }}\n\nMerci de nous les retourner : ils servent au bilan transmis à nos "
               "financeurs." + SIGNATURE),
))
register(DefaultTemplate(
    key="questionnaire-lien",
    name="Questionnaire : lien de réponse",
    description="Envoyé après l'événement à chaque participant·e présent·e, avec son lien personnel.",
    subject="Votre avis sur « {{ evenement }} » du {{ quand }}",
    body_text=("Bonjour {{ prenom }},\n\nMerci d'avoir participé à « {{ evenement }} ». Votre avis nous aide à "
               "améliorer les prochaines rencontres : le questionnaire prend deux minutes.\n\n"
               "{{ lien_questionnaire }}\n\nCe lien est personnel : une seule réponse par personne." + SIGNATURE),
))
register(DefaultTemplate(
    key="questionnaire-relance",
    name="Questionnaire : relance",
    description="Envoyé automatiquement une semaine après l'événement aux participant·e·s qui n'ont pas répondu.",
    subject="Rappel : votre avis sur « {{ evenement }} »",
    body_text=("Bonjour {{ prenom }},\n\nSauf erreur, vous n'avez pas encore donné votre avis sur "
               "« {{ evenement }} » du {{ quand }}. Il est encore temps :\n\n{{ lien_questionnaire }}" + SIGNATURE),
))
