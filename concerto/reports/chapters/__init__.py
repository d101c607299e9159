"""The annual report's tables, one module per chapter (seed-spec C.0bis), one function per table.

Every table function takes a period and scope, or a `ReportData` (data.py: the aggregate queries of one
report, shared by every chapter), and returns plain data. Another document (CPOM, pôle ressource…) adds
its chapter module here and registers itself in `concerto.reports.documents`.
"""

from __future__ import annotations

from .chiffres_cles import (
    chiffres_cles,
    moyennes,
    patients,
)
from .cpom import (
    cpom,
)
from .data import (
    COORDINATION,
    GENERALISTES_LIBERAUX,
    MULTI_FIELDS,
    NON,
    NON_RENSEIGNE,
    OTHER_SINGLE_FIELDS,
    OUI,
    PATIENT_BUCKETS,
    REPARTITION_SINGLE_FIELDS,
    SINGLE_CHOICE_COLUMNS,
    SINGLE_FIELDS,
    TRAVAILLEURS_SOCIAUX,
    VIE_ASSOCIATIVE,
    VULNERABILITE,
    ReportData,
)
from .fiches import (
    demandeurs_groupes,
    demandeurs_x_motifs,
    problematiques_combinaisons,
    repartition,
    repartitions,
    resolve_label,
    restitution_x_demandeur,
)
from .intervisions import (
    CELL_KEYS,
    autres_reunions,
    comites_de_pilotage,
    intervisions_par_pole,
    intervisions_total,
    total_actions,
    total_general,
    vie_associative,
)
from .invitations import (
    generalistes_invites,
    invites_presents_par_categorie,
    medecin_traitant,
    pharmacien_attitre,
)
from .qualite import (
    qualite_donnees,
)
from .reprogrammation import (
    motivation_x_reprogrammation,
    objectif_x_reprogrammation,
    reprogrammation,
)
from .semestres import (
    semestres,
)

__all__ = [
    "VIE_ASSOCIATIVE",
    "COORDINATION",
    "TRAVAILLEURS_SOCIAUX",
    "GENERALISTES_LIBERAUX",
    "NON_RENSEIGNE",
    "OUI",
    "NON",
    "MULTI_FIELDS",
    "SINGLE_FIELDS",
    "REPARTITION_SINGLE_FIELDS",
    "OTHER_SINGLE_FIELDS",
    "SINGLE_CHOICE_COLUMNS",
    "PATIENT_BUCKETS",
    "VULNERABILITE",
    "ReportData",
    "CELL_KEYS",
    "intervisions_par_pole",
    "intervisions_total",
    "comites_de_pilotage",
    "vie_associative",
    "autres_reunions",
    "total_actions",
    "total_general",
    "patients",
    "chiffres_cles",
    "moyennes",
    "invites_presents_par_categorie",
    "generalistes_invites",
    "medecin_traitant",
    "pharmacien_attitre",
    "resolve_label",
    "repartition",
    "repartitions",
    "demandeurs_groupes",
    "demandeurs_x_motifs",
    "problematiques_combinaisons",
    "restitution_x_demandeur",
    "objectif_x_reprogrammation",
    "motivation_x_reprogrammation",
    "reprogrammation",
    "cpom",
    "semestres",
    "qualite_donnees",
]
