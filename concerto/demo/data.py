"""Static material for the demo association « Généralistes et Addictions Hauts-de-France ».

Pôle names, places, CPTS/DAC and organising structures are the public ones of the 2025
activity report (seed-spec B.3). Every PERSON is fictional; patients are pseudonym codes only.
Years are relative to the reference date (0 = current year, -1 = last year…), so the demo looks
the same whatever day it is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ASSOCIATION = "Généralistes et Addictions Hauts-de-France"


@dataclass(frozen=True)
class PoleSpec:
    name: str
    dept: str
    commune: str
    lieux: tuple[str, ...]
    # (structure name, type label) hosting the pôle (CSAPA, CAARUD, MSP, CH…)
    host: tuple[str, str]
    organiser: tuple[str, str] | None  # None = the association itself
    organiser_since: int = 0  # relative year from which `organiser` runs the pôle (before: association)
    referent: tuple[str, str] | None = ("generalistes_liberaux", "Médecin généraliste")
    referent_note: str = ""
    cpts: tuple[tuple[str, int, str], ...] = ()  # (name, level 1..4, note)
    dac: tuple[tuple[str, int, str], ...] = ()
    ch: str = ""
    rate: int = 4  # Intervisions in a full year
    situations: float = 2.5  # mean situations per Intervision
    present: int = 9  # mean people present per Intervision
    created: int = -8  # relative year of creation
    inactive: tuple[int, ...] = ()  # relative years without activity
    aliases: tuple[str, ...] = ()
    rythme: str = "1 Intervision par mois (Hors période estivale)"
    sloppy: bool = False  # fiches often incomplete
    visio_only: bool = False
    extra: tuple[tuple[str, str], ...] = field(default=())  # other local structures (name, type)


CPTS_ORG = 4  # "Prend en charge l'organisation"

# Ordered by priority: small scales keep the first ones (Calais and Boulogne first, the coordinatrice's).
POLES: tuple[PoleSpec, ...] = (
    PoleSpec(
        "Calais", "62", "Calais",
        ("CSAPA A.B.C.D. à Calais", "MSP Blériot Sangatte à Sangatte", "Maison de Santé des Fontinettes à Calais"),
        ("CSAPA A.B.C.D.", "CSAPA"), ("CPTS Grand Calaisis", "CPTS"), organiser_since=-1,
        referent=("specialistes", "Psychiatre addictologue"),
        cpts=(("CPTS Grand Calaisis", 4, "Reprise progressive de l'organisation au premier semestre."),),
        dac=(("DAC Passerelles santé ABC", 2, ""),), ch="CH Calais", rate=9, situations=3.0, present=9,
        created=-12, extra=(("MSP Blériot Sangatte", "MSP"), ("Maison de Santé des Fontinettes", "MSP"),
                            ("Institut d'addictologie du Littoral", "CH")),
    ),
    PoleSpec(
        "Boulogne sur Mer", "62", "Boulogne-sur-Mer", ("Association L.P.I. à Boulogne",),
        ("CAARUD l'Instant (L.P.I.)", "CAARUD"), ("CAARUD l'Instant (L.P.I.)", "CAARUD"), organiser_since=-2,
        cpts=(("CPTS Opale Sud", 2, "Le pôle a exprimé conserver son indépendance quant à l'organisation."),),
        dac=(("DAC Passerelles santé ABC", 1, ""),), ch="CH Boulogne", rate=7, situations=3.0, present=8,
        created=-11, aliases=("Boulogne sur mer",), rythme="1 Intervision par mois de septembre à juin",
    ),
    PoleSpec(
        "Dunkerque", "59", "Dunkerque", ("Maison de quartier Pasteur à Dunkerque",),
        ("Maison de quartier Pasteur", "Autre"), ("DAC Flandres", "DAC"), organiser_since=-2,
        referent=("coordination", "Médecin coordonnateur du DAC"),
        cpts=(("CPTS Littoral en Nord", 3, ""),),
        dac=(("DAC Flandres", 4, "Planning, lieux, invitations, relances, animation."),),
        ch="CH Dunkerque", rate=10, situations=3.0, present=13, created=-7,
        extra=(("MSP du Kruysbellaert", "MSP"), ("EPSM des Flandres", "EPSM"), ("CH Zuydcoote", "CH")),
    ),
    PoleSpec(
        "Douai", "59", "Douai", ("CSAPA du CH Douai à Douai",),
        ("CSAPA du CH Douai", "CSAPA"), ("CSAPA du CH Douai", "CSAPA"), organiser_since=-2,
        cpts=(("CPTS Grand Douai", 2, ""), ("CPTS Pévèle du Douaisis", 1, "")),
        dac=(("DAC Lille Sud Est Douaisis", 1, ""),), ch="CH Douai", rate=3, situations=1.5, present=15,
        created=-10, rythme="rythme bimestriel", extra=(("Clinique de l'Escrebieux", "CH"),),
    ),
    PoleSpec(
        "Maubeuge", "59", "Maubeuge", ("Association Liberté Pôle Santé à Maubeuge",),
        ("Association Liberté Pôle Santé", "Association"), ("CPTS Val de Sambre", "CPTS"), organiser_since=-1,
        cpts=(("CPTS Val de Sambre", 4, "Reprise de l'organisation fin d'année."),),
        dac=(("DAC Grand Hainaut", 2, ""),), ch="CH Maubeuge", rate=4, situations=3.0, present=9, created=-9,
    ),
    PoleSpec(
        "Lille – Boris Vian", "59", "Lille", ("Centre Boris Vian à Lille",),
        ("CSAPA Boris Vian", "CSAPA"), ("CSAPA Boris Vian", "CSAPA"), organiser_since=-1,
        cpts=(("CPTS Grand Lille", 1, "Dit ne pas avoir de budget pour la coordination des Intervisions."),),
        dac=(("DAC ASLA", 1, ""),), ch="CHRU de Lille", rate=3, situations=2.0, present=8, created=-12,
        aliases=("Lille Boris Vian", "Lille CSAPA Boris Vian"), sloppy=True, extra=(("EPSMAL", "EPSM"),),
    ),
    PoleSpec(
        "Lomme", "59", "Lomme", ("CSAPA CèdrAgir à Lomme",),
        ("CSAPA Cédragir", "CSAPA"), ("CSAPA Cédragir", "CSAPA"), organiser_since=-1,
        referent=("generalistes_salaries", "Médecin"),
        cpts=(("CPTS ASNO", 1, "Refus total de prise en charge de la coordination."),),
        dac=(("DAC Lille Agglo", 1, ""),), ch="CH Saint-Philibert", rate=4, situations=2.5, present=5,
        created=-4,
    ),
    PoleSpec(
        "Roubaix Le Relais", "59", "Roubaix", ("CSAPA Le Relais à Roubaix",),
        ("CSAPA Le Relais", "CSAPA"), ("CSAPA Le Relais", "CSAPA"), organiser_since=-2,
        cpts=(("CPTS Roubaix", 2, ""),), dac=(("DAC du Ferrain", 1, ""),), ch="CH Victor Provo",
        rate=3, situations=1.0, present=9, created=-3, aliases=("Roubaix CSAPA Le Relais",),
    ),
    PoleSpec(
        "Roubaix La Trame", "59", "Roubaix", ("CSAPA La Trame à Roubaix",),
        ("CSAPA La Trame (Addiction France)", "CSAPA"), ("CSAPA La Trame (Addiction France)", "CSAPA"),
        organiser_since=-1, referent=("generalistes_liberaux", "Médecin généraliste"),
        cpts=(("CPTS Roubaix", 2, ""),), dac=(("DAC du Ferrain", 1, ""),), ch="CH Victor Provo",
        rate=2, situations=2.0, present=6, created=-3, inactive=(0,),
        aliases=("Roubaix CSAPA La Trame",), sloppy=True,
    ),
    PoleSpec(
        "Tourcoing La Trame", "59", "Tourcoing", ("CSAPA La Trame à Tourcoing",),
        ("CSAPA La Trame Tourcoing (Addiction France)", "CSAPA"),
        ("CSAPA La Trame Tourcoing (Addiction France)", "CSAPA"), organiser_since=-1,
        cpts=(("CPTS Tourcoing Mouvaux Neuville-en-Ferrain", 1, ""),), dac=(("DAC du Ferrain", 1, ""),),
        ch="CH Dron", rate=2, situations=2.0, present=8, created=-3, inactive=(-2,),
        aliases=("Tourcoing", "Tourcoing La Trame"),
    ),
    PoleSpec(
        "Faches-Thumesnil", "59", "Faches-Thumesnil", ("Oxygène à Faches-Thumesnil",),
        ("CAARUD Oxygène", "CAARUD"), ("CAARUD Oxygène", "CAARUD"), organiser_since=-2, referent=None,
        referent_note="Pas de libéral volontaire",
        cpts=(("CPTS Sud Métropole Lilloise", 2, ""),), dac=(("DAC Lille Agglo", 1, ""),), ch="CHRU de Lille",
        rate=6, situations=2.0, present=8, created=-6, aliases=("Faches Thumesnil",),
    ),
    PoleSpec(
        "Fourmies", "59", "Fourmies", ("Mairie de Féron",),
        ("CSAPA Christian Montaigne", "CSAPA"), ("CPTS Sud Avesnois", "CPTS"), organiser_since=-1,
        referent=("pharmaciens", "Pharmacien"),
        cpts=(("CPTS Sud Avesnois", 4, ""),), dac=(("DAC de Cambrai", 1, ""),), ch="CH Fourmies",
        rate=4, situations=5.0, present=17, created=-7, rythme="entre 3 et 5 Intervisions par an",
        extra=(("Mairie de Féron", "Autre"),),
    ),
    PoleSpec(
        "Montreuil sur Mer", "62", "Montreuil-sur-Mer", ("Association L.P.I. à Boulogne",),
        ("CAARUD l'Instant (L.P.I.)", "CAARUD"), ("CAARUD l'Instant (L.P.I.)", "CAARUD"), organiser_since=-2,
        referent=None, referent_note="En cours de désignation",
        cpts=(("CPTS Montreuil", 2, ""),), dac=(("DAC Montreuillois Ternois Arrageois", 1, ""),),
        ch="CH Montreuil", rate=8, situations=2.2, present=8, created=-5, aliases=("Montreuil",),
    ),
    PoleSpec(
        "Hazebrouck", "59", "Hazebrouck", ("CSAPA Le Sémaphore à Hazebrouck",),
        ("CSAPA Le Sémaphore", "CSAPA"), ("CSAPA Le Sémaphore", "CSAPA"), organiser_since=-2,
        referent=("specialistes", "Addictologue"),
        cpts=(("CPTS Cœur des Flandres", 1, ""),),
        dac=(("DAC Flandres", 2, "Avait proposé de reprendre l'organisation mais le CSAPA préfère garder "
                                  "son indépendance."),),
        ch="CH Hazebrouck", rate=6, situations=1.1, present=5, created=-2,
        rythme="une Intervision toutes les six semaines",
    ),
    PoleSpec(
        "Hirson", "02", "Hirson", ("CH Brisset à Hirson",),
        ("CH Brisset", "CH"), ("CH Brisset", "CH"), organiser_since=-2,
        referent=("specialistes", "Psychiatre addictologue"),
        cpts=(("CPTS Cœur de l'Aisne", 1, ""),), dac=(("DAC Aisne", 1, ""),), ch="CH Brisset",
        rate=3, situations=5.0, present=15, created=-7, extra=(("CH de Felleries Liessies", "CH"),),
    ),
    PoleSpec(
        "Saint Quentin", "02", "Saint-Quentin", ("CSAPA Horizon 02 à Saint Quentin",),
        ("CSAPA Horizon 02", "CSAPA"), None, referent=("specialistes", "Addictologue"),
        cpts=(("CPTS de Saint Quentin", 1, ""),), dac=(("DAC Aisne", 1, ""),), ch="CH Saint Quentin",
        rate=3, situations=2.5, present=11, created=-5, sloppy=True,
    ),
    PoleSpec(
        "Cambrai", "59", "Cambrai", ("CSAPA Emergence à Cambrai", "CSAPA Tempo à Cambrai"),
        ("CSAPA Emergence", "CSAPA"), None, referent=None, referent_note="Pas de libéral volontaire",
        cpts=(("CPTS Pays du Cambraisis", 1, "Refus total de prise en charge de la coordination."),),
        dac=(("DAC Grand Hainaut", 1, ""),), ch="CH Cambrai", rate=4, situations=2.5, present=10, created=-9,
        sloppy=True, extra=(("CSAPA Tempo", "CSAPA"),),
    ),
    PoleSpec(
        "Caudry", "59", "Caudry", ("Maison de Quartier Maupassant à Caudry",),
        ("CSAPA Le Tréma", "CSAPA"), None, referent=None, referent_note="Plus de libéral volontaire",
        cpts=(("CPTS Pays du Cambraisis", 1, ""),), dac=(("DAC Grand Hainaut", 1, ""),), ch="CH Le Cateau",
        rate=2, situations=2.5, present=9, created=-8, sloppy=True,
    ),
    PoleSpec(
        "Aulnoye Aymeries", "59", "Aulnoye-Aymeries", ("Maison de Santé à Aulnoye Aymeries",),
        ("Maison de Santé d'Aulnoye Aymeries", "MSP"), ("CPTS Sambre Avesnois", "CPTS"), organiser_since=-1,
        referent=None, referent_note="à déterminer",
        cpts=(("CPTS Sambre Avesnois", 3, "Avait accepté de prendre en charge l'organisation, puis a dû "
                                          "s'en retirer."),),
        dac=(("DAC Grand Hainaut", 1, ""),), ch="CH Maubeuge", rate=2, situations=3.0, present=12, created=-4,
    ),
    PoleSpec(
        "Hénin Beaumont", "62", "Hénin-Beaumont", ("CCAS Hénin Beaumont",),
        ("CCAS d'Hénin-Beaumont", "CCAS"), ("CPTS Beaumont Artois", "CPTS"), organiser_since=-2,
        cpts=(("CPTS Beaumont Artois", 4, ""),), dac=(("DAC Artois", 1, ""),), ch="CH Hénin Beaumont",
        rate=2, situations=1.5, present=7, created=-10, aliases=("Henin Beaumont",),
    ),
    PoleSpec(
        "Péronne", "80", "Péronne", ("Visioconférences",),
        ("DAC Somme", "DAC"), ("DAC Somme", "DAC"), organiser_since=-2,
        cpts=(), dac=(("DAC Somme", 4, "Organisation officiellement portée, actions concrètes non mises "
                                       "en œuvre."),),
        ch="CH Péronne", rate=2, situations=1.0, present=6, created=-2, visio_only=True, rythme="à la demande",
    ),
    PoleSpec(
        "Liévin", "62", "Bully-les-Mines", ("Le cheval bleu à Bully les Mines",),
        ("Le cheval bleu", "Autre"), ("CLSM Lens Hénin", "CLSM"), organiser_since=-1,
        cpts=(("CPTS Liévin Pays d'Artois", 1, ""),), dac=(("DAC Artois", 1, ""),), ch="CH Lens",
        rate=2, situations=1.0, present=6, created=-1, aliases=("Lievin",),
    ),
    PoleSpec(
        "Armentières", "59", "Armentières", ("EPSM Lille Métropole à Armentières",),
        ("EPSM Lille Métropole", "EPSM"), None, referent=None, referent_note="Plus de libéral volontaire",
        dac=(("DAC Lille Agglo", 1, ""),), ch="CH Armentières", rate=0, created=-12, inactive=(-2, -1, 0),
        rythme="",
    ),
)

# Communes for the extra, synthetic pôles of large scales (scale > 1).
EXTRA_COMMUNES: tuple[tuple[str, str], ...] = (
    ("Arras", "62"), ("Lens", "62"), ("Béthune", "62"), ("Valenciennes", "59"), ("Amiens", "80"),
    ("Abbeville", "80"), ("Laon", "02"), ("Soissons", "02"), ("Compiègne", "60"), ("Beauvais", "60"),
    ("Creil", "60"), ("Saint-Omer", "62"), ("Berck", "62"), ("Étaples", "62"), ("Avesnes-sur-Helpe", "59"),
    ("Denain", "59"), ("Wattrelos", "59"), ("Villeneuve-d'Ascq", "59"), ("Seclin", "59"), ("Bailleul", "59"),
    ("Gravelines", "59"), ("Grande-Synthe", "59"), ("Noyon", "60"), ("Château-Thierry", "02"),
    ("Chauny", "02"), ("Guise", "02"), ("Ham", "80"), ("Albert", "80"), ("Doullens", "80"),
    ("Montdidier", "80"), ("Clermont", "60"), ("Senlis", "60"), ("Saint-Pol-sur-Ternoise", "62"),
    ("Bruay-la-Buissière", "62"), ("Carvin", "62"), ("Somain", "59"), ("Le Cateau-Cambrésis", "59"),
    ("Jeumont", "59"), ("Marcq-en-Barœul", "59"), ("Hem", "59"),
)

FIRST_NAMES_F = (
    "Claire", "Sophie", "Isabelle", "Nathalie", "Céline", "Julie", "Camille", "Émilie", "Aurélie", "Sandrine",
    "Valérie", "Hélène", "Caroline", "Anne", "Marion", "Laure", "Pauline", "Élodie", "Mélanie", "Virginie",
    "Stéphanie", "Audrey", "Charlotte", "Manon", "Lucie", "Agnès", "Béatrice", "Delphine", "Estelle", "Fanny",
    "Gaëlle", "Justine", "Karine", "Laetitia", "Marine", "Noémie", "Océane", "Sabine", "Solène", "Sylvie",
)
FIRST_NAMES_M = (
    "Thomas", "Nicolas", "Julien", "Sébastien", "Olivier", "Pierre", "Philippe", "François", "Laurent",
    "Christophe", "Jérôme", "Vincent", "Mathieu", "Antoine", "Guillaume", "Benoît", "David", "Éric", "Frédéric",
    "Hugo", "Jean", "Luc", "Marc", "Michel", "Patrick", "Romain", "Stéphane", "Thierry", "Xavier", "Yann",
    "Alexandre", "Bertrand", "Damien", "Fabien", "Grégoire", "Hervé", "Jacques", "Loïc", "Maxime", "Rémi",
)
LAST_NAMES = (
    "Dufour", "Lefebvre", "Vasseur", "Delattre", "Caron", "Lemaire", "Deprez", "Leclercq", "Hennebelle",
    "Maillard", "Wattel", "Descamps", "Delannoy", "Carpentier", "Lenoir", "Boulanger", "Dujardin", "Lamotte",
    "Verstraete", "Vandamme", "Dubrulle", "Delcroix", "Hochart", "Lagache", "Cuvelier", "Becquart", "Dhainaut",
    "Flament", "Guilbert", "Hautecoeur", "Lecocq", "Lheureux", "Masquelier", "Ramette", "Sergeant", "Tison",
    "Vanhove", "Wallart", "Bonvarlet", "Coquelle", "Demarcq", "Fauquembergue", "Gosselin", "Hanquez", "Lebas",
    "Marquis", "Obert", "Pruvost", "Queste", "Roussel", "Savary", "Tetart", "Vermeulen", "Wiart", "Baillet",
    "Catteau", "Dewaele", "Evrard", "Fontaine", "Gallois", "Herbaut", "Joly", "Kinget", "Leroux", "Mollet",
    "Noyelle", "Pollet", "Ricquier", "Stievenart", "Taffin", "Urbain", "Vienne", "Wacquier", "Achte", "Blondeau",
    "Crépin", "Danel", "Facon", "Godart", "Huyghe", "Lambin", "Morel", "Nollet", "Outters", "Petitprez",
    "Quénu", "Ryckebusch", "Six", "Thellier", "Vasse", "Warembourg", "Yvart", "Zanetti", "Bourgois", "Caudron",
)
# Patients: first name + initial only (the charter), or a code.
PATIENT_FIRST_NAMES = (
    "Bruno", "Kevin", "Sandra", "Mickaël", "Jessica", "Dylan", "Ludovic", "Cindy", "Jordan", "Sabrina",
    "Steeve", "Nadia", "Karim", "Laetitia", "Anthony", "Mélissa", "Cédric", "Amandine", "Rachid", "Vanessa",
    "Grégory", "Émeline", "Jonathan", "Priscilla", "Yannick", "Coralie", "Franck", "Angélique", "Joël",
    "Gaëtan", "Sonia", "Dimitri", "Samia", "Teddy", "Morgane", "Alain", "Brigitte", "Gérard", "Martine",
    "Didier", "Patricia", "Dominique", "Christian", "Nadège", "Farid", "Jennifer", "Loïc", "Aline",
)

# category code -> (weight in the population, [(profession, structure kind, weight)])
CATEGORIES: dict[str, tuple[float, list[tuple[str, str, int]]]] = {
    "generalistes_liberaux": (11, [("Médecin généraliste", "cabinet", 6), ("Médecin généraliste", "msp", 4)]),
    "pharmaciens": (12, [("Pharmacien", "officine", 8), ("Pharmacienne adjointe", "officine", 3)]),
    "autres_liberaux": (4, [("Infirmière libérale", "cabinet", 5), ("Infirmier libéral", "cabinet", 2),
                            ("Psychiatre libéral", "cabinet", 1), ("Sage-femme libérale", "cabinet", 1),
                            ("Masseur-kinésithérapeute", "cabinet", 1), ("IPA", "msp", 1)]),
    "internes_etudiants": (3, [("Interne en médecine générale", "ch", 3), ("Étudiant en pharmacie", "officine", 2)]),
    "specialistes": (9, [("Psychiatre", "ch", 3), ("Médecin addictologue", "csapa", 4),
                         ("Médecin addictologue", "ch", 2), ("Sage-femme", "ch", 1)]),
    "generalistes_salaries": (3, [("Médecin généraliste salarié", "csapa", 3),
                                  ("Médecin généraliste retraité", "none", 1)]),
    "coordination": (6, [("Coordinatrice CPTS", "cpts", 3), ("Coordinateur DAC", "dac", 2),
                         ("Référente parcours complexes", "dac", 2), ("Coordinatrice MSP", "msp", 1),
                         ("Coordinatrice CLSM", "social", 1)]),
    "infirmiers": (22, [("Infirmière", "csapa", 5), ("Infirmier", "caarud", 2), ("Infirmière", "ch", 3),
                        ("Infirmière ELSA", "ch", 1), ("Infirmier", "cmp", 1)]),
    "psychologues": (6, [("Psychologue", "csapa", 3), ("Psychologue", "cmp", 1), ("Psychologue", "ch", 1)]),
    "travailleurs_sociaux": (20, [("Éducatrice spécialisée", "csapa", 3), ("Éducateur spécialisé", "caarud", 3),
                                  ("Assistante sociale", "social", 3), ("Assistant social", "ch", 1),
                                  ("Conseillère en économie sociale et familiale", "social", 1),
                                  ("Travailleur social", "social", 2)]),
    "autres": (3, [("Secrétaire médicale", "csapa", 2), ("Chargée de mission", "social", 1),
                   ("Mandataire judiciaire", "social", 1)]),
    "patients": (0.3, [("Patient partenaire", "none", 1)]),
}
LIBERAL_CATEGORIES = ("generalistes_liberaux", "pharmaciens", "autres_liberaux")
# Propensity to be present at a given Intervision of the pôle (core CSAPA team comes often).
ASSIDUITY = {
    "generalistes_liberaux": 0.45, "pharmaciens": 0.4, "autres_liberaux": 0.45, "internes_etudiants": 0.5,
    "specialistes": 0.9, "generalistes_salaries": 0.8, "coordination": 0.8, "infirmiers": 1.0,
    "psychologues": 0.8, "travailleurs_sociaux": 1.0, "autres": 0.6, "patients": 0.15,
}
COORDINATION_FUNCTIONS = (
    "Président·e de la {cpts}", "Coordinateur·rice de la MSP", "Vice-président·e de la {cpts}",
    "Médecin coordonnateur du {dac}",
)

# Fiche label weights by label text (labels not listed but valid get weight 1).
W_DEMANDEUR = {
    "CSAPA": 30, "Médecin généraliste": 20, "Secteur social": 12, "CAARUD": 8, "Pharmacien": 8,
    "Service addictologie CH": 8, "CMP / EPSM": 5, "Autres libéraux": 4, "Autre": 5,
}
W_PROBLEMATIQUE = {
    "Alcool": 27, "Héroïne et TSO": 24, "Médicament(s)": 16, "Cocaïne et dérivés": 12, "Cannabis": 9,
    "Tabac": 8, "Autre": 5,
}
W_MOTIF = {
    "Complexité du suivi": 24, "Coordination du parcours": 13, "Dégradation de la situation du patient": 11,
    "Nouveau patient": 9, "Problématique psychosociale": 7, "Rupture de soins": 6, "Mésusage de traitement": 6,
    "Surconsommation": 5, "Professionnels en difficulté": 5, "Adaptation / suivi du traitement": 4,
    "Nomadisme": 4, "Orientation": 2, "Relais de prise en charge": 2, "Autres": 2,
}
W_DIFFICULTE = {
    "Logement": 16, "Psychiatriques": 15, "Famille / couple": 11, "Somatiques": 11, "Problèmes financiers": 9,
    "Autres": 7, "Grande précarité": 6, "Judiciaires": 5, "Couverture sociale": 5, "Violences": 4,
    "Enfant(s)": 4, "Travail": 3, "Korsakoff": 1, "Aucune": 0,
}
W_MOTIVATION = {
    "Contemplation": 25, "Pré-contemplation": 13, "Décision": 14, "Action": 12, "Maintien": 10, "Rechute": 8,
    "Non renseigné": 12,
}
W_PISTE = {
    "Remobiliser le patient dans le soin": 16, "Orienter": 15, "Optimiser l'accompagnement": 14,
    "Proposer un accompagnement social": 10, "Mettre en place un accompagnement conjoint": 10, "Autre": 6,
    "Ajuster le traitement": 7, "Contacter le médecin traitant pour faire le point": 6,
    "Poursuivre la prise en soins actuelle": 5, "Adapter le mode de délivrance": 4,
    "Aider à trouver un médecin traitant": 4, "Proposer une synthèse": 3,
    "Faire un retour de l'ITV aux intervenants absents": 3,
    "Proposer au patient de prendre contact avec sa famille": 2,
}
W_OBJECTIF = {"Oui": 56, "Partiellement": 32, "Non": 8, "Non renseigné": 4}
W_RESTITUTEUR = {
    "CSAPA / CAARUD": 35, "Médecin généraliste": 15, "Travailleur social": 10,
    "Service addictologie / CMP / EPSM": 8, "Pharmacien": 6, "Autres libéraux": 3, "Autre": 3,
    "Non renseigné": 14,
}
W_DELAI = {"3 mois": 50, "6 mois": 28, "2 mois": 10, "1 an": 6, "1 mois": 6}
W_ACCORD = {"Oui": 86, "NSP": 8, "Non": 3}
W_ABSENCE = {
    "Non précisé": 45, "Départ en retraite sans remplaçant": 18,
    "Médecins ne prenant plus de nouveaux patients": 17, "Refus du patient": 8,
    "Patient nouvellement arrivé sur le territoire": 8, "Autre": 4,
}
# Which restitutor naturally follows a requester (the requester often gives the feedback).
RESTITUTOR_OF_REQUESTER = {
    "Médecin généraliste": "Médecin généraliste", "Pharmacien": "Pharmacien", "Autres libéraux": "Autres libéraux",
    "CSAPA": "CSAPA / CAARUD", "CAARUD": "CSAPA / CAARUD",
    "Service addictologie CH": "Service addictologie / CMP / EPSM",
    "CMP / EPSM": "Service addictologie / CMP / EPSM", "Secteur social": "Travailleur social",
}

PRECISIONS = {
    "demandeur_autre": ("CPTS", "DAC", "CLSM", "CHRS", "SPIP", "Mandataire judiciaire", "Équipe mobile psy"),
    "problematique_autre": (
        "Problématique psy", "PTC", "Cannabis de synthèse", "Protoxyde d'azote", "Kétamine", "GHB", "Jeux",
        "Jeux vidéo", "Automédication", "Trouble du comportement alimentaire", "Non précisé",
    ),
    "motif_autres": (
        "Décision judiciaire", "Rechute", "Relais à la sortie de prison", "Grande obésité", "Non renseigné",
    ),
    "pro_difficulte_qui": (
        "Médecin généraliste", "Pharmacien", "CSAPA", "IDEL et tutrice", "CHRS", "Tous les intervenants qui le suivent",
    ),
    "pro_difficulte_causes": (
        "Patient qui entame des suivis sans les suivre dans le temps", "Alliance thérapeutique / agressivité",
        "Demandes trop imprécises du patient", "Manque de psychiatre pour le suivre", "Incohérence",
    ),
    "somatiques": (
        "Troubles cognitifs", "Obésité", "Cirrhose", "Diabète", "Épilepsie", "BPCO", "Hépatite C",
        "Douleurs chroniques", "Dénutrition", "Polynévrite", "Trouble chronique du sommeil", "Non précisé",
    ),
    "psychiatriques": (
        "Schizophrénie", "Dépression", "Trouble de la personnalité", "Troubles anxieux généralisés",
        "Trouble bipolaire", "Psychose", "Psychotrauma", "TDAH", "Tentatives de suicide", "Suivi en CMP",
        "Non précisé",
    ),
    "difficultes_autres": (
        "Isolement social", "Barrière de la langue", "Besoin d'une curatelle", "Instabilité géographique",
        "Actuellement incarcéré, sortie proche", "Surdité et perte du permis", "Polyconsommations",
        "Carence de médecins sur le secteur",
    ),
    "piste_conjoint": (
        "CSAPA et médecin traitant", "CSAPA et pharmacien", "CMP et CSAPA", "Médecin traitant et IDEL",
        "CAARUD et CHRS", "Service d'addictologie et médecin traitant",
    ),
    "piste_autre": (
        "Contacter le SPIP", "Travailler la motivation", "Tutelle ou curatelle à envisager",
        "Demander une analyse d'urine", "Faire passer l'équipe mobile au domicile", "Tests neuro-psy",
        "Prévoir relais CMP adulte", "Fixer un RDV au CSAPA", "Mobiliser une IDEL",
    ),
    "absence_autre": ("Médecin traitant décédé", "Déménagement récent", "Hébergé en structure"),
    "restitution_autre": ("Équipe mobile", "Mandataire judiciaire", "CPTS"),
}

PROBLEMES = (
    "Relais ville du traitement de substitution après sortie d'hospitalisation",
    "Consommations persistantes malgré le suivi au CSAPA",
    "Mésusage du traitement de substitution (injection suspectée)",
    "Difficultés de communication entre les intervenants du suivi",
    "Patient qui ne vient plus à ses rendez-vous depuis plusieurs semaines",
    "Alcoolisations massives et chutes à répétition",
    "Demandes répétées de benzodiazépines auprès de plusieurs prescripteurs",
    "Situation de grande précarité, sans hébergement stable",
    "Relation conflictuelle avec l'officine, agressivité au comptoir",
    "Jeune maman sous TSO, inquiétude autour de l'enfant",
    "Sortie de prison prochaine, pas de médecin traitant",
    "Comorbidité psychiatrique non stabilisée, refus du suivi CMP",
    "Usage de cocaïne en augmentation, dettes",
    "Patient âgé, troubles cognitifs et alcool, isolement à domicile",
    "Sevrage à préparer, patient ambivalent",
    "Prescription d'opioïdes antalgiques au long cours, escalade des doses",
    "Épuisement de l'entourage familial",
    "Perte de l'emploi et rechute",
    "Délivrance fractionnée à organiser avec la pharmacie",
    "Retour à domicile après cure, relais à organiser",
    "Polyconsommation et pathologies somatiques (hépatite C)",
    "Violences conjugales et consommation d'alcool",
    "Consommation de protoxyde d'azote chez un jeune adulte",
    "Refus de soins somatiques malgré une cirrhose",
)
EVOQUEES = (
    "Isolement social et absence de relais familial.",
    "Manque de coordination entre la ville et l'hôpital.",
    "Ambivalence du patient vis-à-vis du soin.",
    "Difficultés d'accès à un psychiatre sur le territoire.",
    "Logement précaire qui compromet l'observance.",
    "Tensions entre le patient et l'officine.",
    "Besoin d'une mesure de protection.",
    "Traitement de substitution mal adapté.",
    "Épuisement des professionnels impliqués.",
)
REPONSES = (
    "Le médecin traitant revoit le patient sous quinze jours ; le CSAPA propose un accompagnement conjoint.",
    "Orientation vers une consultation psychiatrique ; l'assistante sociale reprend contact pour le logement.",
    "Ajustement de la posologie et délivrance hebdomadaire à l'officine.",
    "Le CAARUD maintient le lien ; synthèse prévue avec le CHRS.",
    "Proposition de cure avec préparation au CSAPA et relais post-cure.",
    "Retour de l'Intervision fait aux professionnels absents par la coordinatrice.",
    "Remobilisation du patient par l'infirmière ; point avec le pharmacien dans un mois.",
    "Demande de mesure de protection à instruire avec la famille.",
)
AGORADD_THEMES = (
    "Agor'Add : le protoxyde d'azote", "Agor'Add : cocaïne et crack en ville", "Agor'Add : TSO et officine",
    "Agor'Add : alcool et personnes âgées",
)
WEBINAIRE_THEMES = (
    "Webinaire : prescrire la méthadone en ville", "Webinaire : repérage précoce et intervention brève",
    "Webinaire : chemsex", "Webinaire : addictions et grossesse", "Webinaire : le syndrome de Korsakoff",
)
COPIL_THEMES = ("Comité de pilotage annuel", "Comité de démarrage", "Présentation de l'Intervision")
TIME_SLOTS = (("12:30", "14:00"), ("13:00", "14:30"), ("18:30", "20:00"), ("14:00", "16:00"), ("09:30", "11:30"))
