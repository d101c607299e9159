"""The interchange format, versions 1 and 2 (spec/interchange.md), described once.

The reader, the importer, the exporter and the template workbook all work from these
tables and columns: a column added here is read, checked, written and documented.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from concerto.nomenclatures.models import ListKey

FORMAT_VERSION = 2
NOTICE_SHEET = "notice"
LIST_SEPARATOR = " ; "

# Column kinds.
TEXT = "text"
DATE = "date"
BOOL = "bool"
LABEL = "label"  # one label of a nomenclature
LABELS = "labels"  # several labels, " ; "-separated (a many-to-many field)
REF = "ref"  # the id of a row of another table
PATIENT = "patient"  # pseudonym code, resolved within the meeting's pôle
PATIENT_CODE = "patient_code"  # the pseudonym code itself (the patients table)
TIME = "time"  # HH:MM
INT = "int"
DECIMAL = "decimal"  # euros: « 30,50 » or « 30.50 »
CHOICE = "choice"  # one of the model field's fixed choices, by its French label
LINES = "lines"  # a text field of one item per line, written " ; "-separated
SAME_LIST_LABEL = "same_list_label"  # a label of the row's own list (nomenclatures.correspond_a)

# OWASP « CSV injection »: a cell starting with one of these is a formula to a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading apostrophe before a formula-like value.

    Also before a value that already starts with an apostrophe followed by such a sign (or a
    second apostrophe), so that unescape_formula gives back exactly what was escaped.
    """
    if text.startswith(FORMULA_STARTS) or (text[:1] == "'" and text[1:2] in (*FORMULA_STARTS, "'")):
        return "'" + text
    return text


def unescape_formula(text: str) -> str:
    """The value of a CSV cell written by escape_formula (an apostrophe typed alone is kept)."""
    if text[:1] == "'" and text[1:2] in (*FORMULA_STARTS, "'"):
        return text[1:]
    return text


@dataclass(frozen=True)
class Column:
    key: str
    kind: str
    field: str  # model field written / read (for REF: the ForeignKey)
    required: bool = False
    list_key: str | None = None  # for LABEL / LABELS
    ref_table: str | None = None  # for REF
    help: str = ""

    @property
    def export_lookup(self) -> str:
        """The values() lookup that gives the exported text of the column."""
        if self.kind == LABEL:
            return f"{self.field}__label"
        if self.kind == REF:
            return f"{self.field}__{TABLES_BY_NAME[self.ref_table].key_field}"
        if self.kind == PATIENT:
            return f"{self.field}__code"
        if self.kind == SAME_LIST_LABEL:
            return f"{self.field}__label"
        return self.field


@dataclass(frozen=True, eq=False)
class Table:
    name: str
    title: str  # French, for messages and the notice
    model: str  # "app_label.Model"
    key: tuple[str, ...]  # columns identifying a row (unique in the table)
    key_field: str  # model field holding the id, for single-column keys
    columns: tuple[Column, ...]
    help: str = ""
    # Module that analyses, writes and exports the table itself (rows spread over several
    # models, keys of several columns): see concerto/interchange/cpom_tables.py.
    handler: str = ""

    @property
    def column_keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def column(self, key: str) -> Column:
        return self._by_key[key]

    @cached_property
    def _by_key(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}


def _yes_no(key: str, field: str, help: str, required: bool = False) -> Column:
    return Column(key, BOOL, field, required=required, help=help)


TABLES: tuple[Table, ...] = (
    Table(
        "poles", "Pôles", "poles.Pole", ("pole",), "name",
        (
            Column("pole", TEXT, "name", required=True, help="Nom unique du pôle, ex. Calais."),
            Column("departement", TEXT, "departement", help="Numéro du département : 59, 62, 02, 60, 80…"),
            Column("lieu", TEXT, "lieu", help="Lieu habituel des réunions."),
            Column("structure_organisatrice", REF, "organiser", ref_table="structures",
                   help="Structure qui organise les réunions (nom d'une ligne de l'onglet structures)."),
            Column("referent", REF, "referent", ref_table="personnes",
                   help="id_personne du ou de la référent·e du pôle."),
            Column("date_creation", DATE, "created_on", help="Date de création du pôle (AAAA-MM-JJ ou JJ/MM/AAAA)."),
            _yes_no("actif", "active", "oui / non."),
            Column("rythme", TEXT, "rythme", help="Rythme des réunions, texte libre."),
            Column("alias", LINES, "aliases", help="Autres orthographes du nom, séparées par « ; »."),
            Column("referent_note", TEXT, "referent_note", help="Statut du référent, ex. Pas de libéral volontaire."),
        ),
        help="Un pôle par ligne.",
    ),
    Table(
        "structures", "Structures", "directory.Structure", ("structure",), "name",
        (
            Column("structure", TEXT, "name", required=True, help="Nom unique, ex. CSAPA L'Envol."),
            Column("type", LABEL, "type", required=True, list_key=ListKey.TYPE_STRUCTURE,
                   help="Type de structure."),
            Column("commune", TEXT, "commune", help="Commune."),
            Column("structure_parente", REF, "parent", ref_table="structures",
                   help="Organisme de rattachement (nom d'une ligne de l'onglet structures)."),
            # Beyond the spec's columns: structures carry their territories too (the requests of
            # their professionals are prefilled with them).
            Column("territoire_cpts", REF, "territory_cpts", ref_table="territoires",
                   help="Territoire CPTS (nom d'une ligne de l'onglet territoires)."),
            Column("territoire_cls", REF, "territory_cls", ref_table="territoires",
                   help="Territoire CLS (nom d'une ligne de l'onglet territoires)."),
        ),
        help="Les structures (CSAPA, CPTS, officines…) des personnes et des pôles.",
    ),
    Table(
        "personnes", "Personnes", "directory.Person", ("id_personne",), "ref",
        (
            Column("id_personne", TEXT, "ref", required=True, help="Identifiant stable de la personne."),
            Column("nom", TEXT, "last_name", help="Nom."),
            Column("prenom", TEXT, "first_name", help="Prénom."),
            Column("categorie", LABEL, "category", required=True, list_key=ListKey.CATEGORIE,
                   help="Catégorie de participant."),
            Column("profession", TEXT, "profession", help="Texte libre, ex. Infirmière libérale."),
            Column("structure", REF, "structure", ref_table="structures",
                   help="Nom d'une ligne de l'onglet structures."),
            Column("email", TEXT, "email", help="Adresse e-mail."),
            Column("telephone", TEXT, "phone", help="Téléphone."),
            Column("premiere_participation", DATE, "first_participation",
                   help="Première participation, quand elle précède l'historique importé."),
            Column("fonction_coordination", TEXT, "coordination_function",
                   help="Ex. Coordinatrice CPTS Grand Calaisis : compte aussi dans « Coordination »."),
            Column("territoire_cpts", REF, "territory_cpts", ref_table="territoires",
                   help="Territoire CPTS (nom d'une ligne de l'onglet territoires)."),
            Column("territoire_cls", REF, "territory_cls", ref_table="territoires",
                   help="Territoire CLS (nom d'une ligne de l'onglet territoires)."),
            Column("profession_adherent", LABEL, "member_profession", list_key=ListKey.PROFESSION_ADHERENT,
                   help="Profession d'adhérent (tableaux des adhérents par profession)."),
        ),
        help="Les professionnels et autres participants. Jamais l'identité d'un patient.",
    ),
    Table(
        "reunions", "Réunions", "meetings.Meeting", ("id_reunion",), "ref",
        (
            Column("id_reunion", TEXT, "ref", required=True, help="Identifiant stable de la réunion."),
            Column("type", LABEL, "type", required=True, list_key=ListKey.TYPE_REUNION, help="Type de réunion."),
            Column("pole", REF, "pole", ref_table="poles",
                   help="Nom d'une ligne de l'onglet poles ; obligatoire pour Intervision et Comité de pilotage."),
            Column("date", DATE, "date", required=True, help="Date (AAAA-MM-JJ ou JJ/MM/AAAA)."),
            Column("modalite", LABEL, "modality", required=True, list_key=ListKey.MODALITE, help="Modalité."),
            Column("lieu", TEXT, "lieu", help="Lieu."),
            Column("animateur", REF, "animateur", ref_table="personnes", help="id_personne de l'animateur·rice."),
            Column("expert", REF, "expert", ref_table="personnes", help="id_personne de l'expert·e."),
            Column("organisateur", REF, "organiser", ref_table="structures",
                   help="Nom de la structure qui a coordonné localement."),
            Column("theme", TEXT, "theme", help="Thème (ateliers, webinaires)."),
            Column("heure_debut", TIME, "start_time", help="Heure de début (HH:MM)."),
            Column("heure_fin", TIME, "end_time", help="Heure de fin (HH:MM)."),
            Column("notes", TEXT, "notes", help="Notes, texte libre."),
            Column("lien_visio", TEXT, "visio_url", help="Lien de la visioconférence (https://…)."),
        ),
        help="Toutes les actions : Intervisions et autres réunions.",
    ),
    Table(
        "presences", "Présences", "meetings.Attendance", ("id_reunion", "id_personne"), "",
        (
            Column("id_reunion", REF, "meeting", required=True, ref_table="reunions", help="id_reunion."),
            Column("id_personne", REF, "person", required=True, ref_table="personnes", help="id_personne."),
            _yes_no("invite", "invited", "oui / non."),
            _yes_no("present", "present", "oui / non.", required=True),
            _yes_no("a_distance", "remote", "oui quand la personne a participé en visio ou par téléphone."),
            _yes_no("camera", "camera", "oui quand la caméra d'un participant à distance était allumée."),
        ),
        help="Une ligne par personne et par réunion : invitée et/ou présente.",
    ),
    Table(
        "situations", "Situations", "situations.Situation", ("id_situation",), "ref",
        (
            Column("id_situation", TEXT, "ref", required=True, help="Identifiant stable de la situation."),
            Column("id_reunion", REF, "meeting", required=True, ref_table="reunions",
                   help="id_reunion d'une Intervision."),
            Column("code_patient", PATIENT, "patient", required=True,
                   help="Pseudonyme (prénom + initiale, ou un code), jamais un nom complet."),
            Column("accord_patient", LABEL, "accord", list_key=ListKey.ACCORD, help="Accord préalable du patient."),
            Column("demandeurs", LABELS, "demandeurs", list_key=ListKey.DEMANDEUR,
                   help="Liste séparée par « ; »."),
            Column("demandeurs_precision", TEXT, "demandeurs_precision", help="Précision pour « Autre »."),
            Column("problematiques", LABELS, "problematiques", list_key=ListKey.PROBLEMATIQUE,
                   help="Liste séparée par « ; »."),
            Column("problematiques_precision", TEXT, "problematiques_precision", help="Précision pour « Autre »."),
            Column("motifs", LABELS, "motifs", list_key=ListKey.MOTIF, help="Liste séparée par « ; »."),
            Column("motifs_precision", TEXT, "motifs_precision",
                   help="Précision pour « Professionnels en difficulté » / « Autres »."),
            Column("difficultes_professionnels", TEXT, "difficulty_professionals",
                   help="Professionnels en difficulté : qui."),
            Column("difficultes_causes", TEXT, "difficulty_causes", help="Professionnels en difficulté : causes."),
            Column("probleme", TEXT, "probleme", help="Problème ayant motivé l'Intervision."),
            Column("medecin_traitant", LABEL, "medecin_traitant", list_key=ListKey.CONNU,
                   help="Médecin traitant connu."),
            Column("medecin_traitant_absence", LABEL, "medecin_traitant_absence", list_key=ListKey.ABSENCE_MT,
                   help="Pourquoi il n'y en a pas."),
            Column("medecin_traitant_absence_precision", TEXT, "medecin_traitant_absence_precision",
                   help="Précision sur l'absence de médecin traitant."),
            _yes_no("medecin_traitant_invite", "medecin_traitant_invite", "oui / non."),
            _yes_no("medecin_traitant_present", "medecin_traitant_present", "oui / non."),
            Column("pharmacien_attitre", LABEL, "pharmacien_attitre", list_key=ListKey.CONNU,
                   help="Pharmacien attitré connu."),
            _yes_no("pharmacien_invite", "pharmacien_invite", "oui / non."),
            _yes_no("pharmacien_present", "pharmacien_present", "oui / non."),
            Column("difficultes", LABELS, "difficultes", list_key=ListKey.DIFFICULTE,
                   help="Liste séparée par « ; »."),
            Column("difficultes_somatiques", TEXT, "difficultes_somatiques", help="Détail."),
            Column("difficultes_psychiatriques", TEXT, "difficultes_psychiatriques", help="Détail."),
            Column("difficultes_autres", TEXT, "difficultes_autres", help="Détail."),
            Column("motivation", LABEL, "motivation", list_key=ListKey.MOTIVATION,
                   help="Motivation du patient dans le soin."),
            Column("problematiques_evoquees", TEXT, "problematiques_evoquees", help="Texte libre."),
            Column("pistes", LABELS, "pistes", list_key=ListKey.PISTE, help="Liste séparée par « ; »."),
            Column("pistes_precision", TEXT, "pistes_precision",
                   help="Précision pour « Autre » / les deux parties d'un accompagnement conjoint."),
            Column("detail_reponse", TEXT, "detail_reponse", help="Texte libre."),
            Column("objectif_atteint", LABEL, "objectif_atteint", list_key=ListKey.OBJECTIF,
                   help="Objectif de l'Intervision atteint."),
            Column("restitution_par", LABEL, "restitution_par", list_key=ListKey.RESTITUTEUR,
                   help="Qui fait la restitution au patient."),
            Column("restitution_precision", TEXT, "restitution_precision", help="Précision sur la restitution."),
            _yes_no("nouvelle_intervision", "nouvelle_intervision", "oui / non."),
            Column("delai_nouvelle_intervision", LABEL, "delai_nouvelle_intervision", list_key=ListKey.DELAI,
                   help="Délai de la nouvelle Intervision."),
        ),
        help="Une ligne par situation patient étudiée en Intervision : la Fiche de suivi Patient.",
    ),
    Table(
        "invitations_situation", "Invitations pour une situation", "situations.SituationInvitation",
        ("id_situation", "id_personne"), "",
        (
            Column("id_situation", REF, "situation", required=True, ref_table="situations", help="id_situation."),
            Column("id_personne", REF, "person", required=True, ref_table="personnes", help="id_personne."),
            _yes_no("present", "present", "oui / non.", required=True),
        ),
        help="Qui a été invité pour une situation, et s'il ou elle est venu·e.",
    ),
    # Version 2.
    Table(
        "patients", "Patients (accord)", "situations.Patient", ("pole", "code_patient"), "",
        (
            Column("pole", REF, "pole", required=True, ref_table="poles", help="Nom d'une ligne de l'onglet poles."),
            Column("code_patient", PATIENT_CODE, "code", required=True,
                   help="Pseudonyme du patient dans ce pôle, jamais un nom complet."),
            _yes_no("accord_partiel", "consent_partial", "oui quand le patient a exclu des personnes ou des sujets."),
            Column("exclusions", TEXT, "consent_exclusions", help="Qui ou quoi est exclu (texte libre)."),
            _yes_no("informe_droit_retrait", "consent_informed_of_withdrawal", "oui / non."),
            Column("retrait_le", DATE, "consent_withdrawn_on",
                   help="Date du retrait de l'accord : aucune situation après elle."),
        ),
        help="L'accord de chaque patient (un pseudonyme dans un pôle), que suivent toutes ses situations.",
    ),
    Table(
        "engagements", "Engagements CPTS / DAC", "poles.PoleEngagement", ("pole", "structure"), "",
        (
            Column("pole", REF, "pole", required=True, ref_table="poles", help="Nom d'une ligne de l'onglet poles."),
            Column("structure", REF, "structure", required=True, ref_table="structures",
                   help="La CPTS ou le DAC (nom d'une ligne de l'onglet structures)."),
            Column("niveau", LABEL, "level", required=True, list_key=ListKey.ENGAGEMENT,
                   help="Niveau d'engagement atteint."),
            Column("depuis", DATE, "since", help="Depuis quand (AAAA-MM-JJ)."),
            Column("note", TEXT, "note", help="Texte libre."),
        ),
        help="L'engagement de chaque CPTS ou DAC envers un pôle.",
    ),
    Table(
        "organisateurs_pole", "Organisateurs des pôles", "poles.PoleOrganiser", ("pole", "structure", "debut"), "",
        (
            Column("pole", REF, "pole", required=True, ref_table="poles", help="Nom d'une ligne de l'onglet poles."),
            Column("structure", REF, "structure", required=True, ref_table="structures",
                   help="La structure qui a organisé les réunions du pôle."),
            Column("debut", DATE, "start", required=True, help="À partir de quand (AAAA-MM-JJ)."),
            Column("fin", DATE, "end", help="Jusqu'à quand (vide : encore aujourd'hui)."),
        ),
        help="Qui a organisé les réunions d'un pôle, et depuis quand.",
    ),
    Table(
        "nomenclatures", "Nomenclatures", "nomenclatures.Label", ("liste", "libelle"), "",
        (
            Column("liste", TEXT, "list", required=True, help="Clé de la liste, ex. difficulte, type_structure."),
            Column("libelle", TEXT, "label", required=True, help="Le libellé."),
            Column("debut", INT, "valid_from", help="Première année de validité (vide : depuis toujours)."),
            Column("fin", INT, "valid_until", help="Dernière année de validité (vide : toujours en vigueur)."),
            Column("correspond_a", SAME_LIST_LABEL, "maps_to",
                   help="Pour un libellé retiré ou renommé : le libellé de la même liste qui lui correspond."),
            Column("groupe", TEXT, "group", help="Regroupement utilisé par les rapports."),
            # Beyond the spec's columns: the other fields the label form lets the association enter.
            Column("code", TEXT, "code",
                   help="Clé stable des libellés livrés dont dépend une règle (ne pas modifier)."),
            Column("ordre", INT, "position", help="Position dans la liste (nombre entier)."),
            Column("autres_libelles", LINES, "aliases",
                   help="Autres libellés acceptés à l'import, séparés par « ; »."),
            _yes_no("preciser", "needs_precision", "oui quand le libellé appelle une précision."),
            Column("mois", INT, "months", help="Pour les délais de nouvelle Intervision : nombre de mois."),
        ),
        help="Les libellés des listes d'options : ceux livrés avec Concerto et ceux de l'association.",
    ),
    # Version 2: the pôle ressource and membership.
    Table(
        "territoires", "Territoires", "directory.Territory", ("territoire",), "name",
        (
            Column("territoire", TEXT, "name", required=True,
                   help="Nom unique, ex. Centre 21, Dijon Métropole, Hors 21."),
            Column("type", CHOICE, "kind", required=True, help="CPTS, CLS, Département ou Autre."),
            Column("ordre", INT, "position", help="Position dans les tableaux des rapports (nombre entier)."),
            _yes_no("hors_territoire", "out_of_area", "oui pour l'entrée « hors département »."),
        ),
        help="Les territoires CPTS et CLS de l'association, dans l'ordre des tableaux.",
    ),
    Table(
        "adhesions", "Adhésions", "members.Membership", ("id_adhesion",), "ref",
        (
            Column("id_adhesion", TEXT, "ref", required=True, help="Identifiant stable de l'adhésion."),
            Column("annee", INT, "year", required=True, help="Année de l'adhésion."),
            Column("id_personne", REF, "person", ref_table="personnes",
                   help="L'adhérent·e, une personne (id_personne) — ou bien la structure."),
            Column("structure", REF, "structure", ref_table="structures",
                   help="L'adhérent, une personne morale (nom d'une ligne de l'onglet structures)."),
            Column("categorie", LABEL, "category", required=True, list_key=ListKey.CATEGORIE_ADHERENT,
                   help="Catégorie d'adhérent."),
            Column("classe", CHOICE, "member_class", required=True, help="Plein exercice ou Associé."),
            Column("montant", DECIMAL, "amount", help="Cotisation en euros, ex. 30 ou 30,50."),
            Column("date", DATE, "paid_on", help="Date du paiement."),
            Column("canal", CHOICE, "channel", help="HelloAsso, Chèque, Virement, Site internet ou Autre."),
            # Beyond the spec's columns: the payment platform's reference (re-importing its export changes nothing).
            Column("reference_paiement", TEXT, "external_ref",
                   help="Référence du paiement, ex. HelloAsso 123456 (« Référence commande »)."),
        ),
        help="Une ligne par adhésion d'une année.",
    ),
    Table(
        "sollicitations", "Sollicitations", "advice.AdviceRequest", ("id_sollicitation",), "ref",
        (
            Column("id_sollicitation", TEXT, "ref", required=True, help="Identifiant stable de la sollicitation."),
            Column("date", DATE, "date", required=True, help="Date de la demande."),
            Column("demandeur", LABEL, "requester", required=True, list_key=ListKey.DEMANDEUR_AVIS,
                   help="Demandeur d'avis (son groupe dit professionnel ou patient/entourage)."),
            Column("territoire_cpts", REF, "territory_cpts", ref_table="territoires",
                   help="Territoire CPTS du demandeur."),
            Column("territoire_cls", REF, "territory_cls", ref_table="territoires",
                   help="Territoire CLS du demandeur."),
            Column("natures", LABELS, "natures", required=True, list_key=ListKey.NATURE_SOLLICITATION,
                   help="Liste séparée par « ; »."),
            Column("mode", LABEL, "mode", list_key=ListKey.MODE_SOLLICITATION, help="Mode de sollicitation."),
            Column("reponses", LABELS, "responses", list_key=ListKey.OUTIL_REPONSE,
                   help="Outil(s) de réponse, séparés par « ; »."),
            Column("referent", LABEL, "referent", list_key=ListKey.REFERENT_POLE, help="Référent qui a répondu."),
            Column("orientations", LABELS, "orientations", list_key=ListKey.ORIENTATION,
                   help="Orientation(s) proposée(s), séparées par « ; »."),
            Column("mission", CHOICE, "mission", help="Appui aux professionnels (par défaut) ou Appui au DAC."),
            Column("id_personne", REF, "person", ref_table="personnes",
                   help="Le professionnel demandeur, s'il est connu."),
            Column("notes", TEXT, "notes", help="Texte libre, jamais l'identité d'un patient."),
            # Beyond the spec's columns: the form's other fields.
            Column("coordinateur_dac", REF, "dac_coordinator", ref_table="personnes",
                   help="Appui au DAC : id_personne du ou de la coordonnateur·rice de parcours."),
            Column("seconde_consultation", DATE, "follow_up_on",
                   help="Date de la consultation d'expertise prévue après une consultation d'assistance."),
        ),
        help="Le registre des demandes d'avis d'un pôle ressource, une ligne par sollicitation.",
    ),
)

# Version 2: CPOM actions (spec/interchange.md « actions » … « evaluations_action »). The columns
# objectifs, partenaires, territoires, realisations (actions), source (indicateurs_action) and the
# table enquetes_action go beyond the spec's list so that a backup carries every field.
CPOM = "concerto.interchange.cpom_tables"
TABLES += (
    Table(
        "actions", "Actions CPOM", "cpom.ActionYear", ("id_action", "annee"), "",
        (
            Column("id_action", TEXT, "action__ref", required=True, help="Numéro de l'action, ex. Action 10-10."),
            Column("axe", LABEL, "action__axe", required=True, list_key=ListKey.AXE_ACTION, help="Axe thématique."),
            Column("titre", TEXT, "action__title", required=True, help="Intitulé de l'action."),
            Column("annee", INT, "year", required=True, help="Année rapportée."),
            Column("heures", DECIMAL, "hours",
                   help="Heures de travail de l'année (sinon la somme des lignes heures_action)."),
            Column("statut", LABEL, "status", list_key=ListKey.STATUT_ACTION, help="En cours, Poursuivie, Arrêtée."),
            Column("perspectives", TEXT, "perspectives", help="Texte libre."),
            Column("financement", TEXT, "financing", help="Ex. Financement 100% Union des URPS."),
            Column("objectifs", TEXT, "action__objectives", help="Objectifs de l'action (texte libre)."),
            Column("partenaires", TEXT, "action__partners", help="Partenaires (texte libre)."),
            Column("territoires", TEXT, "action__territories", help="Territoires (texte libre)."),
            Column("realisations", TEXT, "realisations", help="Réalisations de l'année (texte libre)."),
        ),
        help="Une ligne par action et par année (l'action vit sur plusieurs années).", handler=CPOM,
    ),
    Table(
        "heures_action", "Feuilles de temps", "cpom.TimeEntry", ("id_action", "date", "id_personne"), "",
        (
            Column("id_action", TEXT, "action__ref", required=True, help="Numéro d'une action de l'onglet actions."),
            Column("date", DATE, "date", required=True, help="Jour (ou premier jour de la semaine)."),
            Column("id_personne", TEXT, "person__ref", help="id_personne du membre de l'équipe."),
            Column("heures", DECIMAL, "hours", required=True, help="Heures (décimal)."),
        ),
        help="Une ligne par personne, par action et par jour ou semaine.", handler=CPOM,
    ),
    Table(
        "indicateurs_action", "Indicateurs des actions", "cpom.Indicator",
        ("id_action", "annee", "indicateur", "portee", "territoire"), "",
        (
            Column("id_action", TEXT, "action__ref", required=True, help="Numéro de l'action."),
            Column("annee", INT, "year", required=True, help="Année."),
            Column("indicateur", TEXT, "label", required=True, help="Libellé, ex. Professionnels de santé contactés."),
            Column("valeur", DECIMAL, "value", help="Nombre (obligatoire sauf indicateur calculé, colonne source)."),
            Column("unite", TEXT, "unit", help="Ex. %, personnes."),
            Column("portee", TEXT, "scope", help="Année (par défaut) ou Depuis le début."),
            Column("territoire", TEXT, "territory", help="Quand l'indicateur est par site."),
            Column("source", TEXT, "source",
                   help="Chiffre du rapport de Concerto dont la valeur est calculée (ex. intervisions)."),
        ),
        help="Indicateurs d'une action pour une année, dans l'ordre du bilan.", handler=CPOM,
    ),
    Table(
        "evaluations_action", "Évaluations des actions", "cpom.Evaluation", ("id_action", "annee", "site"), "",
        (
            Column("id_action", TEXT, "action__ref", required=True, help="Numéro de l'action."),
            Column("annee", INT, "year", required=True, help="Année."),
            Column("site", TEXT, "site", required=True, help="Ex. Calaisis."),
            Column("participants", INT, "participants", required=True, help="Nombre de participants."),
            Column("pre_test", DECIMAL, "pre_test", help="Score moyen au pré-test."),
            Column("post_test", DECIMAL, "post_test", help="Score moyen au post-test."),
            Column("satisfaction", DECIMAL, "satisfaction", help="Satisfaction moyenne sur 10."),
        ),
        help="Satisfaction et tests de connaissances par site de session.", handler=CPOM,
    ),
    Table(
        "enquetes_action", "Enquêtes des actions", "cpom.SurveyAnswer",
        ("id_action", "annee", "question", "reponse"), "",
        (
            Column("id_action", TEXT, "action__ref", required=True, help="Numéro de l'action."),
            Column("annee", INT, "year", required=True, help="Année."),
            Column("question", TEXT, "question", required=True, help="Question de l'enquête."),
            Column("reponse", TEXT, "answer", required=True, help="Réponse."),
            Column("nombre", INT, "count", required=True, help="Nombre de réponses (citations)."),
            Column("repondants", INT, "respondents",
                   help="Répondants à la question (base des % obs.) ; vide : la somme des réponses."),
        ),
        help="Tableaux d'enquête : % obs. sur les répondants, % cit. sur les citations.", handler=CPOM,
    ),
    Table(
        "indemnisations", "Indemnisations", "fees.Fee", ("id_reunion", "id_personne"), "",
        (
            Column("id_reunion", REF, "meeting", required=True, ref_table="reunions", help="id_reunion."),
            Column("id_personne", REF, "person", required=True, ref_table="personnes", help="id_personne."),
            Column("montant", DECIMAL, "amount", required=True, help="Euros, ex. 80,00."),
            Column("statut", CHOICE, "status", required=True,
                   help="À traiter, Envoyée en comptabilité, Payée ou Non due."),
            Column("date_envoi", DATE, "sent_on", help="Date d'envoi en comptabilité."),
            Column("date_paiement", DATE, "paid_on", help="Date du paiement."),
            # Beyond the spec's columns: the role paid and why a participation is not due.
            Column("role", CHOICE, "role", help="Animateur·rice, Participant·e ou Expert·e."),
            Column("motif", TEXT, "reason", help="Pourquoi la participation n'est pas due."),
        ),
        help="Les indemnisations des libéraux pour leurs participations aux Intervisions.",
    ),
)

# Version 2: newsletters and the resources library (spec/interchange.md « envois_newsletter »,
# « envois_newsletter_categories », « ressources »). Beyond the spec's columns: the send's logiciel,
# the resource's sous_thematique, formats and publiee, so that a backup carries every field.
TABLES += (
    Table(
        "envois_newsletter", "Envois de newsletter", "newsletters.Send", ("id_envoi",), "ref",
        (
            Column("id_envoi", TEXT, "ref", required=True, help="Identifiant stable de l'envoi."),
            Column("date", DATE, "date", required=True, help="Date d'envoi."),
            Column("sujets", LINES, "subjects", help="Sujets de l'envoi, séparés par « ; »."),
            Column("audience", TEXT, "audience", required=True,
                   help="Tous les contacts, ou un sous-ensemble territorial (ex. Contacts picards)."),
            Column("destinataires", INT, "recipients", required=True, help="Nombre de destinataires."),
            Column("ouvreurs", INT, "openers", required=True, help="Destinataires qui ont ouvert l'envoi."),
            Column("cliqueurs", INT, "clickers", required=True, help="Destinataires qui ont cliqué un lien."),
            Column("logiciel", TEXT, "mailer", help="Logiciel d'envoi (Brevo, Mailchimp…)."),
        ),
        help="Une ligne par envoi de la newsletter.",
    ),
    Table(
        "envois_newsletter_categories", "Envois de newsletter par catégorie", "newsletters.SendCategory",
        ("id_envoi", "categorie"), "",
        (
            Column("id_envoi", REF, "send", required=True, ref_table="envois_newsletter",
                   help="id_envoi d'une ligne de l'onglet envois_newsletter."),
            Column("categorie", TEXT, "category", required=True,
                   help="Catégorie de destinataires, ex. Responsables de la coordination locale."),
            Column("destinataires", INT, "recipients", required=True, help="Destinataires de cette catégorie."),
            Column("ouvreurs", INT, "openers", required=True, help="Ouvreurs de cette catégorie."),
            Column("cliqueurs", INT, "clickers", required=True, help="Cliqueurs de cette catégorie."),
        ),
        help="Les mêmes chiffres pour chaque catégorie de destinataires d'un envoi.",
    ),
    Table(
        "ressources", "Ressources", "resources.Resource", ("id_ressource",), "ref",
        (
            Column("id_ressource", TEXT, "ref", required=True, help="Identifiant stable de la ressource."),
            Column("titre", TEXT, "title", required=True, help="Titre."),
            Column("type", LABEL, "type", required=True, list_key=ListKey.TYPE_RESSOURCE,
                   help="Articles, Références scientifiques, Outils pratiques, Vidéos, Liens."),
            Column("thematique", LABEL, "theme", list_key=ListKey.THEMATIQUE_RESSOURCE, help="Thématique."),
            Column("date", DATE, "date", required=True, help="Date de publication."),
            Column("auteur", TEXT, "author", help="Auteur (médecin ressource, source externe…)."),
            _yes_no("creee_par_association", "created_by_association", "oui si l'association l'a créée."),
            Column("url", TEXT, "url", help="Adresse de la ressource."),
            Column("sous_thematique", TEXT, "sub_theme", help="Sous-thématique, ex. Jeux d'argent et de hasard."),
            Column("formats", TEXT, "formats", help="Formats, ex. réglette, affiche A4/A3."),
            _yes_no("publiee", "published", "non pour une ressource retirée du site (vide : publiée)."),
        ),
        help="La bibliothèque de ressources publiées sur le site de l'association.",
    ),
)

# Version 2: rencontres interprofessionnelles (concerto.events, concerto.questionnaires). The spec's
# `questionnaires` and `vues_media`; the other tables go beyond the spec so that registrations,
# questionnaire models, event settings and expected documents travel too.
TABLES += (
    Table(
        "questions_questionnaire", "Questions des questionnaires", "questionnaires.Question", ("code",), "code",
        (
            Column("code", TEXT, "code", required=True, help="Code stable, ex. contenus, comprehension."),
            Column("texte", TEXT, "text", required=True, help="La question posée."),
            Column("type", CHOICE, "kind", required=True,
                   help="Échelle de satisfaction, Oui / Non / Ne sait pas, ou Texte libre."),
        ),
        help="Les questions des questionnaires d'évaluation.",
    ),
    Table(
        "modeles_questionnaire", "Modèles de questionnaire", "questionnaires.Questionnaire", ("modele",), "code",
        (
            Column("modele", TEXT, "code", required=True, help="Code du modèle, ex. evaluation."),
            Column("titre", TEXT, "title", required=True, help="Titre du questionnaire."),
            _yes_no("par_defaut", "is_default", "oui pour le questionnaire des événements qui n'en ont pas d'autre."),
        ),
        help="Les modèles de questionnaire (listes ordonnées de questions).",
    ),
    Table(
        "questions_modele", "Questions des modèles", "questionnaires.QuestionnaireItem", ("modele", "question"), "",
        (
            Column("modele", REF, "questionnaire", required=True, ref_table="modeles_questionnaire",
                   help="Code d'un modèle de l'onglet modeles_questionnaire."),
            Column("question", REF, "question", required=True, ref_table="questions_questionnaire",
                   help="Code d'une question de l'onglet questions_questionnaire."),
            Column("ordre", INT, "position", help="Position de la question dans le modèle."),
        ),
        help="Quelles questions, dans quel ordre, pour chaque modèle.",
    ),
    Table(
        "evenements", "Événements", "events.Event", ("id_reunion",), "",
        (
            Column("id_reunion", REF, "meeting", required=True, ref_table="reunions",
                   help="id_reunion d'un Agor'Add, d'un webinaire ou d'un groupe d'échange."),
            Column("co_organisateur", REF, "co_organiser", ref_table="structures",
                   help="La CPTS ou le DAC qui co-organise (nom d'une ligne de l'onglet structures)."),
            Column("places", INT, "capacity", help="Nombre de places (vide : sans limite)."),
            _yes_no("inscriptions_ouvertes", "registration_open", "oui / non."),
            Column("cle_inscription", TEXT, "public_key", required=True,
                   help="Clé de la page d'inscription publique (garder celle exportée)."),
            Column("enregistrement", TEXT, "recording_url", help="Adresse du replay (YouTube…)."),
            Column("support", TEXT, "support_url", help="Adresse du support (Calaméo…)."),
            Column("questionnaire", REF, "questionnaire", ref_table="modeles_questionnaire",
                   help="Code du modèle de questionnaire (vide : celui par défaut)."),
        ),
        help="Les réglages de chaque rencontre interprofessionnelle.",
    ),
    Table(
        "inscriptions", "Inscriptions", "events.Registration", ("id_inscription",), "ref",
        (
            Column("id_inscription", TEXT, "ref", required=True, help="Identifiant stable de l'inscription."),
            Column("id_reunion", REF, "meeting", required=True, ref_table="reunions",
                   help="id_reunion de l'événement."),
            Column("id_personne", REF, "person", ref_table="personnes", help="La personne reconnue ou créée."),
            Column("nom", TEXT, "last_name", required=True, help="Nom saisi à l'inscription."),
            Column("prenom", TEXT, "first_name", help="Prénom."),
            Column("email", TEXT, "email", help="Adresse e-mail."),
            Column("structure", TEXT, "structure_name", help="Structure déclarée (texte libre)."),
            Column("fonction", TEXT, "fonction", help="Fonction déclarée."),
            Column("categorie", LABEL, "category", list_key=ListKey.CATEGORIE, help="Catégorie de participant."),
            _yes_no("accord_contact", "consent_contact", "oui quand la personne accepte d'être recontactée."),
            Column("personnes_supplementaires", INT, "extra_people",
                   help="Autres personnes derrière le même écran (0 par défaut)."),
            Column("origine", CHOICE, "source", help="Page d'inscription, Saisie par l'équipe ou Import."),
        ),
        help="Une ligne par inscription à un événement (la présence est dans l'onglet presences).",
    ),
    Table(
        "questionnaires", "Questionnaires", "questionnaires.Answer", ("id_reponse", "question"), "",
        (
            Column("id_reponse", TEXT, "response_ref", required=True, help="Le questionnaire d'un·e répondant·e."),
            Column("id_reunion", REF, "meeting", required=True, ref_table="reunions",
                   help="id_reunion de l'événement."),
            Column("question", REF, "question", required=True, ref_table="questions_questionnaire",
                   help="Code de la question (contenus, comprehension, partage, supports, organisation…)."),
            Column("reponse", TEXT, "value", required=True,
                   help="Un libellé de l'échelle, Oui / Non / Ne sait pas, ou du texte libre."),
            Column("id_inscription", REF, "registration", ref_table="inscriptions",
                   help="L'inscription du répondant en ligne (vide pour un questionnaire papier)."),
            Column("saisie", CHOICE, "source", help="En ligne ou Papier."),
            Column("date", DATE, "answered_on", help="Date de la réponse."),
        ),
        help="Les réponses aux questionnaires d'évaluation, une ligne par réponse.",
    ),
    Table(
        "documents_attendus", "Documents attendus", "events.ExpectedDocument", ("id_reunion", "document"), "",
        (
            Column("id_reunion", REF, "meeting", required=True, ref_table="reunions",
                   help="id_reunion de l'événement."),
            Column("document", CHOICE, "kind", required=True,
                   help="Feuille d'émargement, Questionnaires d'évaluation ou Support de présentation."),
            Column("attendus", INT, "expected", help="Nombre attendu."),
            Column("recus", INT, "received", help="Nombre reçu."),
            Column("recu_le", DATE, "received_on", help="Date de réception."),
            Column("relance_le", DATE, "reminded_on", help="Date de la dernière relance."),
        ),
        help="Les documents attendus du co-organisateur après un événement, et ceux reçus.",
    ),
    Table(
        "vues_media", "Vues des médias", "events.MediaView", ("id_reunion", "plateforme", "date_observation"), "",
        (
            Column("id_reunion", REF, "meeting", required=True, ref_table="reunions",
                   help="id_reunion de l'événement."),
            Column("plateforme", CHOICE, "platform", required=True, help="YouTube, Calaméo ou Autre."),
            Column("vues", INT, "views", required=True,
                   help="Vues à la date d'observation (jamais des participants)."),
            Column("date_observation", DATE, "observed_on", required=True, help="Date du relevé."),
        ),
        help="Les vues des replays et supports, à une date d'observation.",
    ),
)

# Version 2: the scientific council, presentations to partners, engagement history, conventions.
# `sieges_conseil` and `conventions` are the spec's (the pôles of a convention are their own table,
# `conventions_poles`); the others go beyond the spec so that a backup carries every field.
TABLES += (
    Table(
        "sieges_conseil", "Sièges du conseil scientifique", "council.SeatHolding",
        ("siege", "id_personne", "debut"), "",
        (
            Column("siege", LABEL, "seat", required=True, list_key=ListKey.SIEGE_CONSEIL,
                   help="Siège, ex. Référent médecin généraliste."),
            Column("id_personne", REF, "person", ref_table="personnes",
                   help="Le ou la titulaire ; vide : siège vacant (recrutement en cours)."),
            Column("debut", DATE, "start", help="Début du mandat."),
            Column("fin", DATE, "end", help="Fin du mandat (vide : en cours)."),
        ),
        help="Les sièges du conseil scientifique et qui les tient, de quand à quand.",
    ),
    Table(
        "presentations", "Présentations et participations", "partners.PartnerAction", ("id_presentation",), "ref",
        (
            Column("id_presentation", TEXT, "ref", required=True, help="Identifiant stable."),
            Column("date", DATE, "date", required=True, help="Date."),
            Column("nature", CHOICE, "kind", required=True,
                   help="Présentation de l'Intervision, groupe de travail, transmission, instance, événement…"),
            Column("structure", REF, "structure", ref_table="structures", help="La structure partenaire."),
            Column("autres_structures", LINES, "other_structures", help="Autres structures, séparées par « ; »."),
            Column("sujet", TEXT, "topic", help="Sujet."),
            Column("modalite", LABEL, "modality", list_key=ListKey.MODALITE, help="Présentiel, mixte ou visio."),
            Column("pole", REF, "pole", ref_table="poles", help="Le pôle concerné, s'il y en a un."),
            Column("notes", TEXT, "notes", help="Texte libre."),
        ),
        help="Les présentations des outils aux partenaires et les participations à leurs groupes de travail.",
    ),
    Table(
        "engagements_historique", "Historique des engagements", "partners.EngagementStep",
        ("pole", "structure", "depuis"), "",
        (
            Column("pole", REF, "pole", required=True, ref_table="poles", help="Nom d'une ligne de l'onglet poles."),
            Column("structure", REF, "structure", required=True, ref_table="structures", help="La CPTS ou le DAC."),
            Column("niveau", LABEL, "level", required=True, list_key=ListKey.ENGAGEMENT, help="Niveau atteint."),
            Column("depuis", DATE, "since", required=True, help="Date à laquelle ce niveau a été atteint."),
            Column("note", TEXT, "note", help="Texte libre."),
        ),
        help="Chaque niveau d'engagement atteint par une CPTS ou un DAC envers un pôle, avec sa date.",
    ),
    Table(
        "conventions", "Conventions", "conventions.Convention", ("id_convention",), "ref",
        (
            Column("id_convention", TEXT, "ref", required=True, help="Identifiant stable de la convention."),
            Column("structure", REF, "structure", required=True, ref_table="structures", help="Le partenaire."),
            Column("statut", LABEL, "status", required=True, list_key=ListKey.STATUT_CONVENTION,
                   help="En négociation, Signée, Remise à jour, Résiliée."),
            Column("date_signature", DATE, "signed_on", help="Date de signature."),
            Column("date_mise_a_jour", DATE, "updated_on", help="Date de la dernière mise à jour."),
            Column("date_resiliation", DATE, "terminated_on", help="Date de résiliation (un mois de préavis)."),
            Column("conditions", TEXT, "conditions", help="Conditions, texte libre."),
            Column("siege_social", TEXT, "structure_address", help="Siège social de la structure."),
            Column("representant", TEXT, "structure_signatory", help="Représentant·e de la structure."),
            Column("qualite", TEXT, "structure_signatory_role", help="Sa qualité."),
            Column("signataire_association", TEXT, "association_signatory", help="Signataire pour l'association."),
            Column("obligations_association", LINES, "association_obligations",
                   help="Obligations de l'association retenues, séparées par « ; »."),
            Column("obligations_structure", LINES, "structure_obligations",
                   help="Obligations de la structure retenues, séparées par « ; »."),
        ),
        help="Les conventions de partenariat.",
    ),
    Table(
        "conventions_poles", "Pôles des conventions", "conventions.ConventionPole", ("id_convention", "pole"), "",
        (
            Column("id_convention", REF, "convention", required=True, ref_table="conventions",
                   help="id_convention d'une ligne de l'onglet conventions."),
            Column("pole", REF, "pole", required=True, ref_table="poles", help="Un pôle couvert par la convention."),
        ),
        help="Les pôles couverts par chaque convention, une ligne par pôle.",
    ),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
# Dependencies first: a row is written after the rows it refers to.
IMPORT_ORDER: tuple[str, ...] = (
    "nomenclatures", "territoires", "structures", "personnes", "poles", "engagements", "organisateurs_pole", "patients",
    "reunions", "presences", "situations", "invitations_situation", "adhesions", "sollicitations",
    "actions", "heures_action", "indicateurs_action", "evaluations_action", "enquetes_action",
    "envois_newsletter", "envois_newsletter_categories", "ressources", "indemnisations",
    "questions_questionnaire", "modeles_questionnaire", "questions_modele", "evenements", "inscriptions",
    "questionnaires", "documents_attendus", "vues_media",
    "sieges_conseil", "presentations", "engagements_historique", "conventions", "conventions_poles",
)
