"""The option lists Concerto ships with (spec/nomenclatures.md, as of the 2025 form).

Loaded by a data migration; afterwards they are data that staff edit from the UI.
Each entry: label, and optionally code (rules depend on it), group (report grouping),
valid_from, aliases (the paper form's wording, accepted on import), needs_precision, months.
"""

LIBERAUX = "Libéraux"

DEFAULT_LABELS: dict[str, list[dict]] = {
    "categorie": [
        {"label": "Généralistes libéraux", "code": "generalistes_liberaux", "group": LIBERAUX,
         "aliases": ["Généralistes Libéraux", "MG libéral", "Médecin généraliste libéral"]},
        {"label": "Pharmaciens", "code": "pharmaciens", "group": LIBERAUX,
         "aliases": ["Pharmacien", "Pharmacienn·e·s", "Pharmacien·ne·s"]},
        {"label": "Autres libéraux", "code": "autres_liberaux", "group": LIBERAUX, "valid_from": 2023,
         "aliases": ["Autres Libéraux"]},
        {"label": "Internes et étudiants", "code": "internes_etudiants",
         "aliases": ["Internes et Etudiants en Pharmacie"]},
        {"label": "Spécialistes", "code": "specialistes", "aliases": ["Médecins spécialistes"]},
        {"label": "Généralistes salariés et retraités", "code": "generalistes_salaries",
         "aliases": ["Généralistes salariés", "Médecins salarié·e·s et retraité·e·s"]},
        {"label": "Coordination", "code": "coordination", "valid_from": 2023,
         "aliases": ["Coordination (CPTS, DAC, MSP, etc.)"]},
        {"label": "Infirmiers", "code": "infirmiers", "aliases": ["Infirmier·ère·s"]},
        {"label": "Psychologues", "code": "psychologues"},
        {"label": "Travailleurs sociaux", "code": "travailleurs_sociaux",
         "aliases": ["travailleurs sociaux & travailleuses sociales", "Travailleur·euse·s sociaux·ales"]},
        {"label": "Autres", "code": "autres", "aliases": ["Coordination Administrative et Autres"]},
        {"label": "Patients", "code": "patients"},
    ],
    "type_reunion": [
        {"label": "Intervision", "code": "intervision", "aliases": ["ITV"]},
        {"label": "Comité de pilotage", "code": "comite_pilotage", "aliases": ["CoPil", "Comité de Pilotage"]},
        {"label": "Assemblée générale", "code": "assemblee_generale", "group": "Vie associative",
         "aliases": ["AG", "Assemblée Générale"]},
        {"label": "Conseil d'administration", "code": "conseil_administration", "group": "Vie associative",
         "aliases": ["CA", "Conseil d'Administration"]},
        {"label": "Bureau", "code": "bureau", "group": "Vie associative"},
        {"label": "Agor'Add", "code": "agoradd"},
        {"label": "Webinaire", "code": "webinaire"},
        {"label": "Groupe d'échange de pratiques", "code": "groupe_echange"},
        {"label": "Conseil scientifique", "code": "conseil_scientifique",
         "aliases": ["Conseil Scientifique et Technique", "CST"]},
        {"label": "Présentation", "code": "presentation"},
        {"label": "Autre", "code": "autre"},
    ],
    "modalite": [
        {"label": "Présentiel", "code": "presentiel"},
        {"label": "Mixte", "code": "mixte", "group": "Visio"},
        {"label": "Visioconférence", "code": "visio", "group": "Visio", "aliases": ["Visio"]},
    ],
    "accord": [
        {"label": "Oui", "code": "oui"},
        {"label": "Non", "code": "non"},
        {"label": "NSP", "code": "nsp", "aliases": ["Ne sait pas"]},
    ],
    "demandeur": [
        {"label": "Médecin généraliste", "group": LIBERAUX, "aliases": ["MG", "Médecins généralistes"]},
        {"label": "Pharmacien", "group": LIBERAUX, "aliases": ["Pharmacien·ne·s"]},
        {"label": "Autres libéraux", "group": LIBERAUX},
        {"label": "CSAPA", "group": "CSAPA / CAARUD"},
        {"label": "CAARUD", "group": "CSAPA / CAARUD"},
        {"label": "Service addictologie CH", "group": "Secteur hospitalier",
         "aliases": ["Service Addictologie CH", "Services addictologie"]},
        {"label": "CMP / EPSM", "group": "Secteur hospitalier", "aliases": ["CMP et EPSM"]},
        {"label": "Secteur social", "group": "Secteur social et autres",
         "aliases": ["Secteur Social", "Services sociaux"]},
        {"label": "Autre", "group": "Secteur social et autres", "needs_precision": True,
         "aliases": ["Autres", "Autre (préciser)"]},
    ],
    "problematique": [
        {"label": "Héroïne et TSO"},
        {"label": "Cocaïne et dérivés"},
        {"label": "Médicament(s)", "aliases": ["Médicaments", "Médicament"]},
        {"label": "Alcool"},
        {"label": "Cannabis"},
        {"label": "Tabac"},
        {"label": "Autre", "needs_precision": True, "aliases": ["Autre (préciser)"]},
    ],
    "motif": [
        {"label": "Complexité du suivi", "aliases": ["Suivi patient"]},
        {"label": "Nouveau patient"},
        {"label": "Adaptation / suivi du traitement",
         "aliases": ["Adaptation/Suivi Traitement", "Adaptation et suivi du traitement"]},
        {"label": "Relais de prise en charge"},
        {"label": "Dégradation de la situation du patient",
         "aliases": ["Dégradation situation Patient", "Dégradation de la situation"]},
        {"label": "Coordination du parcours", "aliases": ["Coordination Parcours", "Coordination de parcours"]},
        {"label": "Mésusage de traitement", "aliases": ["Mésusage"]},
        {"label": "Orientation"},
        {"label": "Surconsommation", "aliases": ["Surconsommations"]},
        {"label": "Professionnels en difficulté", "needs_precision": True,
         "aliases": ["Professionnel.s en difficulté", "Professionnel.s en difficulté (préciser)"]},
        {"label": "Nomadisme", "aliases": ["Nomadisme médical"]},
        {"label": "Rupture de soins"},
        {"label": "Problématique psychosociale",
         "aliases": ["Problématiques psychosociales", "Problématique psycho-sociale"]},
        {"label": "Autres", "needs_precision": True, "aliases": ["Autre", "Autres (préciser)"]},
    ],
    "connu": [
        {"label": "Oui", "code": "oui"},
        {"label": "Non", "code": "non"},
        {"label": "Non renseigné", "code": "non_renseigne"},
    ],
    "absence_mt": [
        {"label": "Départ en retraite sans remplaçant"},
        {"label": "Médecins ne prenant plus de nouveaux patients"},
        {"label": "Refus du patient"},
        {"label": "Patient nouvellement arrivé sur le territoire"},
        {"label": "Autre", "needs_precision": True},
        {"label": "Non précisé"},
    ],
    "difficulte": [
        {"label": "Couverture sociale"},
        {"label": "Logement"},
        {"label": "Famille / couple"},
        {"label": "Enfant(s)", "aliases": ["Enfants"]},
        {"label": "Travail"},
        {"label": "Problèmes financiers"},
        {"label": "Judiciaires"},
        {"label": "Violences"},
        {"label": "Grande précarité"},
        {"label": "Somatiques", "needs_precision": True, "code": "somatiques"},
        {"label": "Psychiatriques", "needs_precision": True, "code": "psychiatriques"},
        {"label": "Korsakoff", "valid_from": 2025},
        {"label": "Autres", "needs_precision": True, "code": "autres"},
        {"label": "Aucune", "code": "aucune"},
    ],
    "motivation": [
        {"label": "Pré-contemplation"},
        {"label": "Contemplation"},
        {"label": "Décision"},
        {"label": "Action"},
        {"label": "Maintien"},
        {"label": "Rechute"},
        {"label": "Non renseigné", "code": "non_renseigne"},
    ],
    "piste": [
        {"label": "Aider à trouver un médecin traitant"},
        {"label": "Contacter le médecin traitant pour faire le point"},
        {"label": "Ajuster le traitement", "aliases": ["Ajuster traitement"]},
        {"label": "Adapter le mode de délivrance"},
        {"label": "Remobiliser le patient dans le soin"},
        {"label": "Poursuivre la prise en soins actuelle"},
        {"label": "Optimiser l'accompagnement"},
        {"label": "Mettre en place un accompagnement conjoint", "needs_precision": True,
         "aliases": ["Mettre en place un accompagnement conjoint entre"]},
        {"label": "Orienter", "aliases": ["Orienter vers",
                                         "Orienter (ets. spécialisé, hospitalisation, psychiatre, psychologue, ...)"]},
        {"label": "Proposer un accompagnement social"},
        {"label": "Proposer au patient de prendre contact avec sa famille"},
        {"label": "Proposer une synthèse"},
        {"label": "Faire un retour de l'ITV aux intervenants absents"},
        {"label": "Autre", "needs_precision": True},
    ],
    "objectif": [
        {"label": "Oui", "code": "oui"},
        {"label": "Partiellement", "code": "partiellement"},
        {"label": "Non", "code": "non"},
        {"label": "Non renseigné", "code": "non_renseigne"},
    ],
    "restituteur": [
        {"label": "Médecin généraliste", "aliases": ["MG"]},
        {"label": "Pharmacien"},
        {"label": "Autres libéraux", "aliases": ["Autre libéral"]},
        {"label": "CSAPA / CAARUD", "aliases": ["CSAPA ou CAARUD"]},
        {"label": "Service addictologie / CMP / EPSM", "aliases": ["Services d'addictologie et CMP/EPSM"]},
        {"label": "Travailleur social", "aliases": ["Travailleur·euse social·e hors CSAPA et CAARUD"]},
        {"label": "Autre", "needs_precision": True},
        {"label": "Non renseigné", "code": "non_renseigne"},
    ],
    "delai": [
        {"label": "1 mois", "months": 1},
        {"label": "2 mois", "months": 2},
        {"label": "3 mois", "months": 3},
        {"label": "6 mois", "months": 6},
        {"label": "1 an", "months": 12, "aliases": ["12 mois"]},
    ],
    "type_structure": [
        {"label": "CSAPA"}, {"label": "CAARUD"}, {"label": "CH", "aliases": ["Centre hospitalier"]},
        {"label": "EPSM"}, {"label": "CMP"}, {"label": "MSP", "aliases": ["Maison de santé"]},
        {"label": "Maison médicale"}, {"label": "CPTS", "code": "cpts"}, {"label": "DAC", "code": "dac"},
        {"label": "CLSM"}, {"label": "CCAS"}, {"label": "Secteur social"}, {"label": "Cabinet libéral"},
        {"label": "Officine"}, {"label": "Association"}, {"label": "Autre"},
    ],
    "engagement": [
        {"label": "Rencontrée", "aliases": ["Rencontré"]},
        {"label": "Intérêt pour l'Intervision"},
        {"label": "Participe"},
        {"label": "Prend en charge l'organisation"},
    ],
    # CPOM actions (seed 004): the funder's thematic axes, in the order of the Bilan's table of
    # contents (the report follows `position`), and the status of an action in a year.
    "axe_action": [
        {"label": "Veille et surveillance sanitaire"},
        {"label": "Éducation Thérapeutique du Patient"},
        {"label": "Promotion de la santé mentale"},
        {"label": "Promotion de la nutrition santé hors lutte contre l'obésité"},
        {"label": "Lutte contre l'obésité"},
        {"label": "Prévention des risques liés à l'environnement : autres risques, dont environnement extérieur"},
        {"label": "Lutte contre les traumatismes et les violences"},
        {"label": "Actions de lutte contre les addictions (hors fonds de lutte contre les addictions)"},
        {"label": "Actions de prévention de l'antibiorésistance"},
        {"label": "Télémédecine"},
        {"label": "Programme National pour la Sécurité des Patients : retour d'expérience dont PEC "
                  "(conciliation médicamenteuse)"},
        {"label": "Exercices coordonnés"},
    ],
    "statut_action": [
        {"label": "En cours", "code": "en_cours"},
        {"label": "Poursuivie", "code": "poursuivie", "aliases": ["Action poursuivie"]},
        {"label": "Arrêtée", "code": "arretee", "aliases": ["Arrêt de l'action"]},
    ],
}

# Version 2 lists of the pôle ressource and of membership (spec/nomenclatures.md). Groups are
# read by rules: a requester's group says professional or patient/entourage; a response tool
# of group « Appui au DAC » answers the DAC's case coordinators (mission II), not tables 8–10.
PROFESSIONNELS = "Professionnels"
PATIENTS_ENTOURAGE = "Patients et entourage"
APPUI_DAC = "Appui au DAC"
PLEIN_EXERCICE = "Plein exercice"

DEFAULT_LABELS.update({
    "categorie_adherent": [
        {"label": "Médecins généralistes libéraux", "group": PLEIN_EXERCICE,
         "aliases": ["médecins généralistes libéraux"]},
        {"label": "Médecins spécialistes, salariés ou retraités",
         "aliases": ["médecins spécialistes ou salariés ou retraités"]},
        {"label": "Pharmaciens", "group": PLEIN_EXERCICE, "aliases": ["Pharmacien·ne·s"]},
        {"label": "Infirmiers libéraux", "group": PLEIN_EXERCICE, "aliases": ["infirmière libérale"]},
        {"label": "Autres professionnels libéraux", "group": PLEIN_EXERCICE},
        {"label": "Coordinateurs de DAC ou CPTS", "aliases": ["Coordinateur·trice·s de DAC ou CPTS"]},
        {"label": "Professionnels non libéraux"},
        {"label": "Patient expert"},
        {"label": "Personne morale"},
    ],
    "profession_adherent": [
        {"label": "Médecins généralistes"}, {"label": "Médecins du travail"},
        {"label": "Directeurs structures"}, {"label": "Psychiatres"}, {"label": "Diététiciens"},
        {"label": "Educateurs", "aliases": ["Éducateurs"]}, {"label": "Pharmaciens"},
        {"label": "Préparateurs"}, {"label": "Kinésithérapeutes"}, {"label": "Infirmiers"},
        {"label": "Psychothérapeutes"}, {"label": "Psychologues"},
    ],
    "demandeur_avis": [
        {"label": "Médecins Généralistes", "group": PROFESSIONNELS, "aliases": ["MG"]},
        {"label": "MG MSP", "group": PROFESSIONNELS},
        {"label": "Médecins Psychiatres", "group": PROFESSIONNELS, "aliases": ["M PSYCH"]},
        {"label": "Pharmaciens", "group": PROFESSIONNELS},
        {"label": "CHU/CHS", "group": PROFESSIONNELS},
        {"label": "CSAPA/CAARUD/...", "group": PROFESSIONNELS, "aliases": ["CSAPA/CAARUD", "CSAPA"]},
        {"label": "Structures Sociales", "group": PROFESSIONNELS},
        {"label": "Psychologues", "group": PROFESSIONNELS},
        {"label": "Autres", "group": PROFESSIONNELS, "needs_precision": True},
        {"label": "Patients", "group": PATIENTS_ENTOURAGE, "code": "patients"},
        {"label": "Familles / Entourage", "group": PATIENTS_ENTOURAGE, "code": "entourage",
         "aliases": ["Familles/Entourage", "Famille / entourage"]},
    ],
    "nature_sollicitation": [
        {"label": "Cas Complexe - CP", "aliases": ["Cas complexe"]},
        {"label": "Conseils", "aliases": ["Conseil"]},
        {"label": "Demande de prise en charge", "aliases": ["Demande de prises en charge"]},
        {"label": "Passage en relais ou ville"},
        {"label": "Parcours de soins"},
        {"label": "Autres", "aliases": ["Autre"]},
    ],
    "outil_reponse": [
        {"label": "Consultation téléphonique d'assistance", "code": "consultation_assistance"},
        {"label": "Téléconsultation d'assistance", "code": "teleconsultation_assistance",
         "aliases": ["Téléconsult. d'assistance"]},
        {"label": "Entretien téléphonique de conseil", "aliases": ["Entretien téléph. De conseil"]},
        {"label": "Télé-expertise", "aliases": ["Télé expertise", "Téléexpertise"]},
        {"label": "CP", "aliases": ["Consultation pluridisciplinaire"]},
        {"label": "TéléCP", "aliases": ["Télé CP"]},
        {"label": "Autres", "aliases": ["Autre"]},
        {"label": "Conseil / expertise", "group": APPUI_DAC},
        {"label": "Concertation pluriprofessionnelle", "group": APPUI_DAC},
        {"label": "Participation à la synthèse des évaluations", "group": APPUI_DAC},
        {"label": "Evaluation sanitaire et sociale de la situation et des besoins du patient", "group": APPUI_DAC},
    ],
    "mode_sollicitation": [
        {"label": "Téléphone", "aliases": ["Appel", "Téléphonique"]}, {"label": "Mail", "aliases": ["E-mail"]},
        {"label": "Site internet", "aliases": ["Chat"]}, {"label": "Autre"},
    ],
    "referent_pole": [
        {"label": "Médecin", "aliases": ["Médecin référent"]},
        {"label": "Pharmacien", "aliases": ["Pharmacien référent"]},
        {"label": "Psychologue"},
        {"label": "Travailleur social", "aliases": ["Travailleur social référent"]},
    ],
    "orientation_proposee": [
        {"label": "Médecin généraliste", "aliases": ["MG"]}, {"label": "Médecin spécialiste", "aliases": ["MS"]},
        {"label": "MG MSP"}, {"label": "Psychiatre", "aliases": ["M PSYCH"]}, {"label": "CHU/CHS"},
        {"label": "CSAPA"}, {"label": "CJC"}, {"label": "CPTS"}, {"label": "DAC", "aliases": ["DAC 21"]},
        {"label": "Addictologue libéral"}, {"label": "Espace France Services", "aliases": ["Espace France Service"]},
        {"label": "Centre antidouleur"}, {"label": "EHPAD"}, {"label": "Autre", "aliases": ["Autres"]},
    ],
})

# The resources library (spec/nomenclatures.md « Type de ressource », « Thématique de ressource »); the
# codes name the report's sentences (reports/chapters/ressources.py), the aliases are the website's rubrics.
DEFAULT_LABELS.update({
    "type_ressource": [
        {"label": "Articles", "code": "articles", "aliases": ["Articles écrits", "Articles et documents"]},
        {"label": "Références scientifiques", "code": "references",
         "aliases": ["Articles scientifiques republiés et références"]},
        {"label": "Outils pratiques", "code": "outils", "aliases": ["Outils pratiques pour les professionnels"]},
        {"label": "Vidéos", "code": "videos", "aliases": ["Vidéothèque"]},
        {"label": "Liens", "code": "liens", "aliases": ["Site et applications ressources"]},
    ],
    "thematique_ressource": [
        {"label": "Alcool", "aliases": ["Thématique de l'alcool"]},
        {"label": "Médicaments détournés de leur usage",
         "aliases": ["Thématique des médicaments détournés de leur usage"]},
        {"label": "Addictions comportementales (sans substance)",
         "aliases": ["Thématique des problématiques addictives comportementales (sans substance)"]},
        {"label": "Autres substances", "aliases": ["Thématique autres substances"]},
        {"label": "Autres thématiques addictives"},
    ],
})

# Version 2 lists of events, the scientific council and conventions (spec/nomenclatures.md).
# Codes: the rules read them (a convention « Résiliée » is no longer in force; the report's
# questionnaire shares list the scale in this order).
DEFAULT_LABELS.update({
    "statut_convention": [
        {"label": "En négociation", "code": "en_negociation"},
        {"label": "Signée", "code": "signee", "aliases": ["signée"]},
        {"label": "Remise à jour", "code": "remise_a_jour", "aliases": ["Mise à jour", "remise à jour"]},
        {"label": "Résiliée", "code": "resiliee", "aliases": ["résiliée"]},
    ],
    "siege_conseil": [
        {"label": "Référent médecin généraliste"},
        {"label": "Référent psychologue libéral"},
        {"label": "Référent usager expert"},
        {"label": "Référent acteur de la coordination", "aliases": ["référent « acteur de la coordination »"]},
        {"label": "Référent autre professionnel de premier recours"},
        {"label": "Référent en addictologie hospitalier/résidentiel"},
        {"label": "Référent médico-social en addictologie"},
        {"label": "Référent en santé mentale"},
        {"label": "Référent sciences humaines et sociales",
         "aliases": ["référent issu du champ des sciences humaines et sociales"]},
        {"label": "Référent infirmier"},
        {"label": "Référent travailleur social de proximité"},
    ],
    "echelle_satisfaction": [
        {"label": "Tout à fait satisfait", "code": "tout_a_fait", "aliases": ["tout à fait satisfaits", "tout à fait"]},
        {"label": "Satisfait", "code": "satisfait", "aliases": ["satisfaits", "satisfaisant"]},
        {"label": "Moyennement satisfait", "code": "moyennement", "aliases": ["moyennement"]},
        {"label": "Un peu satisfait", "code": "un_peu", "aliases": ["un peu"]},
        {"label": "Pas du tout satisfait", "code": "pas_du_tout"},
    ],
})


def load_default_labels(label_model) -> int:
    """Create the shipped labels that are missing; returns how many were created."""
    created = 0
    for list_key, entries in DEFAULT_LABELS.items():
        for position, entry in enumerate(entries, start=1):
            _, was_created = label_model.objects.get_or_create(
                list=list_key,
                label=entry["label"],
                defaults={
                    "code": entry.get("code", ""),
                    "group": entry.get("group", ""),
                    "position": position * 10,
                    "valid_from": entry.get("valid_from"),
                    "aliases": "\n".join(entry.get("aliases", [])),
                    "needs_precision": entry.get("needs_precision", False),
                    "months": entry.get("months"),
                },
            )
            created += was_created
    return created
