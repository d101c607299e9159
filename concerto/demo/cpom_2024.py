"""The 22 actions of the URPS ML HdF « Bilan des actions CPOM 2024 » (seed 004, seed-spec C.26):
number, axe, title (body wording), hours and the ETP as the seed prints it."""

from __future__ import annotations

VEILLE = "Veille et surveillance sanitaire"
ETP_AXE = "Éducation Thérapeutique du Patient"
MENTALE = "Promotion de la santé mentale"
NUTRITION = "Promotion de la nutrition santé hors lutte contre l'obésité"
OBESITE = "Lutte contre l'obésité"
ENVIRONNEMENT = "Prévention des risques liés à l'environnement : autres risques, dont environnement extérieur"
VIOLENCES = "Lutte contre les traumatismes et les violences"
ADDICTIONS = "Actions de lutte contre les addictions (hors fonds de lutte contre les addictions)"
ANTIBIO = "Actions de prévention de l'antibiorésistance"
TELEMEDECINE = "Télémédecine"
PNSP = ("Programme National pour la Sécurité des Patients : retour d'expérience dont PEC "
        "(conciliation médicamenteuse)")
EXERCICES = "Exercices coordonnés"

# (number, axe, title, hours, ETP printed by the seed)
ACTIONS_2024: list[tuple[str, str, str, int, str]] = [
    ("Action 10-10", VEILLE, "Sensibiliser les professionnels de santé libéraux aux vigilances sanitaires", 774, "0,5"),
    ("Action 1-1", ETP_AXE, "Assurer la coordination transversale de l'ETP dans les soins de 1er recours", 2289, "1,4"),
    ("Action 4-6", MENTALE, "Santé mentale des soignants : contribuer à la mise en place du réseau sentinelles au "
     "sein des professionnels de santé libéraux", 149, "0,1"),
    ("Action 3-4", NUTRITION, "Renforcer les compétences des professionnels de santé libéraux en matière de lutte "
     "contre la sédentarité et de promotion et de prescription de l'activité physique et sportive ou adaptée",
     498, "0,3"),
    ("Action 3-5", OBESITE, "Améliorer les pratiques des médecins libéraux autour du surpoids et de l'obésité des "
     "adultes", 586, "0,4"),
    ("Action 2-2", ENVIRONNEMENT, "Accompagner les professionnels de santé libéraux dans la mise en place d'actions "
     "de transition écologique en santé dans leurs pratiques", 769, "0,5"),
    ("Action 2-3", ENVIRONNEMENT, "Renforcer les pratiques des professionnels de santé libéraux de conseil en "
     "matière de santé environnementale et périnatalité, avec passage des attachés d'informations selon la "
     "feuille de route des 1000 premiers jours.", 2479, "1,5"),
    ("Action 11-11", VIOLENCES, "Améliorer les compétences des professionnels de santé en matière de repérage, "
     "prise en charge et orientation des femmes victimes de violences", 2943, "1,8"),
    ("Action 5-7", ADDICTIONS, "Développer des actions en adéquation avec les pratiques des professionnels de santé "
     "du territoire en matière d'addictions : repérage du tabagisme et accompagnement au sevrage", 1046, "0,65"),
    ("Action 19-18", ADDICTIONS, "Informer les professionnels de santé libéraux sur le protoxyde d'azote", 339, "0,2"),
    ("Action 9-9", ANTIBIO, "Renforcer la participation des professionnels de santé dans la lutte contre "
     "l'antibiorésistance", 2211, "1,4"),
    ("Action 20-20", TELEMEDECINE, "Être acteur, en tant que pilote inter-URPS, de l'animation territoriale de la "
     "feuille de route régionale numérique en santé", 1002, "0,2"),
    ("Action 20-21", TELEMEDECINE, "Coordonner les professionnels de santé libéraux dans la mise en conformité SEGUR "
     "de leurs outils numériques notamment par la remontée de problématiques rencontrées, la communication des "
     "cas d'usages, les bonnes pratiques et lutter contre la fracture numérique", 807, "0,5"),
    ("Action 20-22", TELEMEDECINE, "Sensibiliser les professionnels de santé libéraux aux risques cyber et au RGPD",
     701, "0,4"),
    ("Action 20-23", TELEMEDECINE, "Développer les usages de la télémédecine auprès des professionnels de santé "
     "libéraux", 310, "0,2"),
    ("Action 20-24", TELEMEDECINE, "Développer et accompagner à l'usage d'outils de coordination "
     "interprofessionnels", 312, "0,2"),
    ("Action 19-19", PNSP, "Développer la démarche de réévaluation de la prescription médicamenteuse afin de "
     "prévenir la iatrogénie médicamenteuse", 192, "0,12"),
    ("Action 15-12", EXERCICES, "Accompagner à la création de Maison de Santé Pluriprofessionnelle (MSP) et "
     "d'Équipe de Soins Primaires (ESP) en zones sous-denses", 1436, "0,9"),
    ("Action 15-14", EXERCICES, "Favoriser le déploiement des Communautés Professionnelles Territoriales de Santé "
     "(CPTS) sur les zones atones", 800, "0,5"),
    ("Action 15-15", EXERCICES, "Accompagner à l'émergence et l'accompagnement des projets de CPTS", 3831, "2,4"),
    ("Action 15-16", EXERCICES, "Participer à l'animation du réseau des Communautés Professionnelles Territoriales "
     "de Santé (CPTS)", 1690, "1,1"),
    ("Action 15-13", EXERCICES, "Accompagner l'émergence et le déploiement des Équipes de Soins Spécialisés (ESS) "
     "pour améliorer la coordination des soins en pédiatrie", 568, "0,35"),
]
STOPPED = {"Action 3-4"}  # « Arrêt de l'action en 2024. »
FINANCING = {"Action 15-16": "Financement 100% Union des URPS"}
# seed-spec E.50: « 1 002h de travail, soit 0,2 équivalent temps plein » — 1002 / 1607 = 0,62.
PRINTED_SLIPS = {"Action 20-20"}
TOTAL_HOURS = 25732

# Action 11-11, « Évaluation des soirées des professionnels libéraux » (site, participants, pre, post, /10).
EVALUATION_11_11 = [
    ("Calaisis", 12, "16.7", "19.1", "9.0"),
    ("Sambre Avesnois", 33, "15.1", "18.4", "8.5"),
    ("Boulonnais", 29, "17.3", "18.4", "9.2"),
]
# Printed gains per site and the total's satisfaction; the printed weighted pre/post (16,4 / 18,6)
# are not those of the cells (seed-spec E.51): the computed ones are 16,2 / 18,5.
GAINS_11_11 = {"Calaisis": "2.4", "Sambre Avesnois": "3.3", "Boulonnais": "1.1"}

# Action 2-3, indicators of the year and since the start.
INDICATORS_2_3 = [
    ("Professionnels de santé contactés", "701", "personnes", "Année"),
    ("Professionnels de santé contactés", "3121", "personnes", "Depuis le début"),
    ("Visites", "559", "visites", "Année"),
    ("Visites", "2600", "visites", "Depuis le début"),
]
# Action 20-24, « Degré de satisfaction de l'atelier » (% obs. over 19 respondents).
SURVEY_20_24 = [("Très satisfait", 11), ("Satisfait", 6), ("Peu satisfait", 2), ("Pas du tout satisfait", 0)]


def interchange_sheets(year: int = 2024) -> dict[str, list[list]]:
    """The Bilan's data as interchange sheets (actions, evaluations, indicators, a survey)."""
    actions = [["id_action", "axe", "titre", "annee", "heures", "statut", "financement"]]
    for ref, axe, title, hours, _ in ACTIONS_2024:
        actions.append([ref, axe, title, year, hours, "Arrêtée" if ref in STOPPED else "Poursuivie",
                        FINANCING.get(ref, "")])
    evaluations = [["id_action", "annee", "site", "participants", "pre_test", "post_test", "satisfaction"]]
    evaluations += [["Action 11-11", year, site, n, pre.replace(".", ","), post, sat]
                    for site, n, pre, post, sat in EVALUATION_11_11]
    indicators = [["id_action", "annee", "indicateur", "valeur", "unite", "portee"]]
    indicators += [["Action 2-3", year, *row] for row in INDICATORS_2_3]
    survey = [["id_action", "annee", "question", "reponse", "nombre", "repondants"]]
    survey += [["Action 20-24", year, "Degré de satisfaction de l'atelier", answer, n, 19]
               for answer, n in SURVEY_20_24]
    return {"actions": actions, "evaluations_action": evaluations, "indicateurs_action": indicators,
            "enquetes_action": survey}
