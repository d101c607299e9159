"""The shared document model: a document is a list of sections (heading, paragraphs, tables,
charts), laid out alike by the web page, XLSX, DOCX and PDF renderers.

Each table is (title, header row, body rows) of display values, built from a document's plain
data (`documents.Document.model`); the renderers only lay them out. `annual_model` is the annual
report's (headings follow the seed reports).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..numbers import count_with_delta, half_up, pct_text, points_text, rank_text


@dataclass
class Table:
    key: str  # sheet name / anchor
    title: str
    header: list[str]
    rows: list[list]
    # Relative column widths for the paged layouts (PDF, DOCX); None: the renderer's default.
    widths: list[float] | None = None


@dataclass
class Chart:
    title: str
    labels: list[str]
    values: list[float]  # percentages
    previous: list[float | None] | None = None

    @property
    def rows(self) -> list[tuple]:
        """(label, value, previous) for templates; bars are widths in % of the chart."""
        prev = self.previous or [None] * len(self.values)
        return list(zip(self.labels, self.values, prev, strict=False))


@dataclass
class Paragraph:
    text: str
    style: str = "text"  # "text", "bullet", "note" (small print) or "commentary" (edited by staff)


Block = Paragraph | Table | Chart


@dataclass
class Section:
    """A chapter (level 1) or sub-chapter (level 2). Its content is `blocks` in that order when
    given; otherwise its paragraphs, sentences (as bullets), tables, then charts."""

    heading: str
    sentences: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    key: str = ""  # chapter key: anchors, staff commentary
    level: int = 1
    paragraphs: list[Paragraph] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    def items(self) -> list[Block]:
        if self.blocks:
            return self.blocks
        return [*self.paragraphs, *(Paragraph(s, "bullet") for s in self.sentences), *self.tables, *self.charts]

    def layout(self) -> list[tuple[str, object]]:
        """items() as (kind, content) for the web page: "table", "chart", "text", "note", or
        "bullets" with consecutive bullet paragraphs gathered in one list."""
        out: list[tuple[str, object]] = []
        for block in self.items():
            if isinstance(block, Table):
                out.append(("table", block))
            elif isinstance(block, Chart):
                out.append(("chart", block))
            elif block.style == "bullet":
                if out and out[-1][0] == "bullets":
                    out[-1][1].append(block.text)
                else:
                    out.append(("bullets", [block.text]))
            else:
                out.append(("note" if block.style == "note" else "text", block.text))
        return out


@dataclass
class DocumentModel:
    """One document ready to lay out: its title, what it covers, its sections."""

    title: str
    year: int
    period_label: str
    scope_name: str
    is_region: bool
    sections: list[Section]
    subtitle: str = ""
    document_key: str = "annual"


def _n(value) -> int | str:
    return "–" if value is None else value


def _avg(value) -> int | str:
    return "–" if value is None else half_up(value)


def _cells(row: dict, categories: list[str], with_cas: bool = True) -> list:
    out = [row.get("actions", 0), row.get("visio", 0)]
    for cat in categories:
        cell = row["categories"].get(cat, {"participations": 0, "participants": 0})
        out += [cell["participations"], cell["participants"]]
    out += [row.get("cas", "–") if with_cas else "–", row["participations"], row["participants"],
            row.get("nouveaux_liberaux", 0), row.get("nouveaux_non_liberaux", 0)]
    return out


def participation_table(report: dict) -> Table:
    """« INTERVISIONS … EN N » with the CoPil, vie associative and total rows (C.2)."""
    total = report["intervisions_total"]
    categories = list(total["categories"])
    header = ["", "nb actions", "dont visio"]
    for cat in categories:
        header += [f"{cat} — participations", f"{cat} — participants"]
    header += ["nb cas", "participations", "participants", "nouveaux libéraux", "nouveaux non libéraux"]
    rows = [[r["pole"], *_cells(r, categories)] for r in report["intervisions_par_pole"]]
    rows.append(["Total Intervisions", *_cells(total, categories)])
    rows.append(["Comités de pilotage", *_cells(report["comites_de_pilotage"], categories, with_cas=False)])
    rows.append(["Total actions (Intervisions + comités de pilotage)", *_cells(report["total_actions"], categories)])
    for name, line in report["vie_associative"]["lignes"].items():
        rows.append([name, *_cells(line, categories, with_cas=False)])
    rows.append(["Total vie associative", *_cells(report["vie_associative"]["total"], categories, with_cas=False)])
    for name, line in report.get("autres_reunions", {}).items():
        rows.append([name, *_cells(line, categories, with_cas=False)])
    rows.append(["TOTAL", *_cells(report["total_general"], categories)])
    return Table("participation", f"Intervisions {report['periode']} — participation par pôle", header, rows)


def _repartition_table(key: str, title: str, rep: dict) -> Table:
    rows = []
    for label, e in sorted(rep["labels"].items(), key=lambda x: (x[1]["rank"], x[0])):
        prev = e.get("previous")
        rows.append([
            e["rank"], label, e["count"], pct_text(e["share"]),
            "nouveau" if e.get("new") else (pct_text(prev["share"]) if prev else ""),
            "" if e.get("new") or not prev else points_text(e["share"], prev["share"]),
            "" if e.get("new") or not prev else rank_text(e["rank"], prev["rank"]),
        ])
    denominator = rep.get("total_labels", rep.get("situations"))
    rows.append(["", "Champ vide (non saisi)", rep["situations_vides"], "", "", "", ""])
    rows.append(["", "Total" + (" des réponses" if rep["type"] == "multi" else " des situations"), denominator,
                 "100 %" if denominator else "–", "", "", ""])
    return Table(key, title, ["Rang", "Libellé", "Nombre", "Part", "Part N-1", "Évolution", "Rang"], rows)


REPARTITION_TITLES = {
    "demandeurs": "D. – Origine des demandes d'Intervision (demandeurs)",
    "motifs": "D. – Motifs des demandes d'Intervision",
    "problematiques": "F. – Problématiques addictives suivies",
    "difficultes": "G. – Difficultés associées des patient·e·s",
    "motivation": "H. – Motivation du patient dans le soin",
    "pistes": "J. – Pistes proposées à l'issue de l'Intervision",
    "objectif": "K. – Objectif de l'Intervision atteint",
    "restitution": "M. – Restitution au patient",
    "accord": "Accord préalable du patient",
    "delai": "Délai de la nouvelle Intervision",
}


def _top_sentence(noun: str, rep: dict) -> list[str]:
    out = []
    for label, e in sorted(rep["labels"].items(), key=lambda x: (x[1]["rank"], x[0]))[:3]:
        if not e["count"]:
            continue
        text = f"« {label} » : {pct_text(e['share'])} {noun}"
        prev = e.get("previous")
        if e.get("new"):
            text += " (nouveau libellé)"
        elif prev:
            text += f" {points_text(e['share'], prev['share'])}, {rank_text(e['rank'], prev['rank'])}"
        out.append(text + ".")
    return out


def sections(report: dict) -> list[Section]:
    k, k1 = report["chiffres_cles"], report.get("chiffres_cles_n_1") or {}
    year = report["annee"]
    out: list[Section] = []

    # Chiffres clés
    s = Section("CHIFFRES CLÉS")
    s.sentences = [
        f"{count_with_delta(k['intervisions'], k1.get('intervisions'), 'Intervisions')} sur {k['poles_actifs']} pôles"
        f" (pôles actifs en {year - 1} : {k1.get('poles_actifs', 0)}).",
        f"{count_with_delta(k['situations'], k1.get('situations'), 'situations')} pour "
        f"{count_with_delta(k['patients_distincts'], k1.get('patients_distincts'), 'patient·e·s différent·e·s')}.",
        f"{count_with_delta(k['participants'], k1.get('participants'), 'participant·e·s')} "
        f"(dont {k['participants_liberaux']} libéraux) pour "
        f"{count_with_delta(k['participations'], k1.get('participations'), 'participations')} "
        f"(dont {k['participations_liberaux']} de libéraux) ; "
        f"{k['participants_distincts']} personnes différentes sur l'ensemble des pôles.",
        f"{count_with_delta(k['nouveaux_liberaux'], k1.get('nouveaux_liberaux'), 'nouveaux libéraux')} et "
        f"{k['nouveaux_non_liberaux']} nouveaux non libéraux participent pour la première fois.",
        f"{count_with_delta(k['intervisions_visio'], k1.get('intervisions_visio'), 'Intervisions')} "
        "réalisées en tout ou partie en visioconférence.",
    ]
    if k["nouveaux_poles"]:
        s.sentences.append("Nouveaux pôles : " + ", ".join(k["nouveaux_poles"]) + ".")
    if k["poles_reactives"]:
        s.sentences.append("Pôles de nouveau actifs : " + ", ".join(k["poles_reactives"]) + ".")
    s.tables.append(Table("chiffres_cles", "Chiffres clés", ["Indicateur", str(year), str(year - 1)], [
        [name.replace("_", " "), _fmt(value), _fmt(k1.get(name))] for name, value in k.items()
    ]))
    out.append(s)

    # Per-pôle table and averages
    s = Section(f"INTERVISIONS {year}")
    s.tables.append(participation_table(report))
    m = report["moyennes"]
    s.sentences = [
        f"Nombre moyen d'Intervisions par pôle : {_avg(m['intervisions_par_pole'])}.",
        f"Par Intervision : {_avg(m['par_intervision']['situations'])} situations, "
        f"{_avg(m['par_intervision']['participations'])} participations, "
        f"{_avg(m['par_intervision']['participants'])} participant·e·s, "
        f"{_avg(m['par_intervision']['participations_liberaux'])} participations de libéraux.",
    ]
    s.tables.append(Table("moyennes", "Moyennes par Intervision, par pôle",
                          ["Pôle", "situations / ITV", "participations / ITV", "participant·e·s / ITV",
                           "participations libéraux / ITV"],
                          [[pole, _avg(v["situations"]), _avg(v["participations"]), _avg(v["participants"]),
                            _avg(v["participations_liberaux"])] for pole, v in m["par_pole"].items()]))
    out.append(s)

    # Invited vs present
    inv, inv1 = report["invites_presents_par_categorie"], report.get("invites_presents_par_categorie_n_1") or {}
    s = Section("B. – RÉPARTITION DES PARTICIPANT·E·S PAR CATÉGORIE PROFESSIONNELLE")
    s.tables.append(Table("invites_presents", "Invité·e·s et présent·e·s par catégorie (par situation)",
                          ["Catégorie", "Invité·e·s", "Présent·e·s", "% présents / invités", "% N-1"],
                          [[cat, c["invites"], c["presents"], pct_text(c["taux"]),
                            pct_text((inv1.get(cat) or {}).get("taux"))] for cat, c in inv.items()]))
    s.charts.append(Chart("Présent·e·s / invité·e·s par catégorie (%)", list(inv),
                          [_pct(c["taux"]) for c in inv.values()],
                          [_pct((inv1.get(cat) or {}).get("taux")) for cat in inv]))
    total = inv["Total"]
    prev_rate = (inv1.get("Total") or {}).get("taux")
    s.sentences.append(f"{total['presents']} présences pour {total['invites']} invitations, soit "
                       f"{pct_text(total['taux'])} {points_text(total['taux'], prev_rate)}.")
    out.append(s)

    # Médecin traitant, pharmacien
    s = Section("C. – RÉPARTITION DES SOIGNANTS LIBÉRAUX HABITUELS DU PATIENT")
    for key, name in (("medecin_traitant", "Médecin traitant"), ("pharmacien_attitre", "Pharmacien attitré")):
        c, p = report[key], report.get(f"{key}_n_1") or {}
        s.tables.append(Table(key, name, ["", str(year), str(year - 1)], [
            ["Situations", c["situations"], _n(p.get("situations"))],
            ["Connus", c["connus"], _n(p.get("connus"))],
            ["Invités (parmi les connus)", c["invites"], _n(p.get("invites"))],
            ["Présents (parmi les invités)", c["presents"], _n(p.get("presents"))],
            ["% connus / situations", pct_text(c["part_connus"]), pct_text(p.get("part_connus"))],
            ["% invités / connus", pct_text(c["part_invites"]), pct_text(p.get("part_invites"))],
            ["% présents / invités", pct_text(c["part_presents"]), pct_text(p.get("part_presents"))],
            ["% présents / connus", pct_text(c["part_presents_sur_connus"]),
             pct_text(p.get("part_presents_sur_connus"))],
            ["Pas de " + name.lower(), c["sans"], _n(p.get("sans"))],
            ["Non renseigné (explicite)", c["non_renseigne"], _n(p.get("non_renseigne"))],
            ["Champ vide", c["vide"], _n(p.get("vide"))],
        ]))
        s.sentences.append(
            f"{name} connu pour {c['connus']} situations sur {c['situations']} ({pct_text(c['part_connus'])} "
            f"{points_text(c['part_connus'], p.get('part_connus'))}), invité dans {pct_text(c['part_invites'])} "
            f"des cas, présent dans {pct_text(c['part_presents'])} des invitations."
        )
    mt = report["medecin_traitant"]
    s.tables.append(Table("raisons_absence_mt", "Pourquoi pas de médecin traitant", ["Raison", "Situations"],
                          [[r, n] for r, n in mt["raisons_absence"].items()]))
    out.append(s)

    # Distributions
    rep = report["repartitions"]
    groups = report["demandeurs_groupes"]
    s = Section("D. – ORIGINE ET MOTIF DES DEMANDES D'INTERVISION")
    s.sentences = _top_sentence("des demandes", rep["demandeurs"]) + _top_sentence("des motifs", rep["motifs"])
    s.tables.append(_repartition_table("demandeurs", REPARTITION_TITLES["demandeurs"], rep["demandeurs"]))
    s.tables.append(Table("demandeurs_groupes", "Demandeurs par groupe", ["Groupe", "Nombre", "Part", "Évolution"],
                          [[g, c["count"], pct_text(c["share"]),
                            points_text(c["share"], (c.get("previous") or {}).get("share"))]
                           for g, c in groups.items()]))
    s.tables.append(_repartition_table("motifs", REPARTITION_TITLES["motifs"], rep["motifs"]))
    s.charts.append(_chart("Motifs des demandes (%)", rep["motifs"]))
    out.append(s)

    dxm = report["demandeurs_x_motifs"]["par_groupe"]
    motifs = list(next(iter(dxm.values()), {}))
    s = Section("E. – RÉPARTITION DES DEMANDEURS PAR MOTIF DE DEMANDE")
    s.tables.append(Table("demandeurs_x_motifs", "Demandeurs (groupes) × motifs", ["Groupe", *motifs],
                          [[g, *[cells.get(mo, 0) for mo in motifs]] for g, cells in dxm.items()]))
    s.sentences = [f"{g} : principalement {', '.join(t)}." for g, t in
                   report["demandeurs_x_motifs"]["principaux_motifs_par_groupe"].items() if t]
    out.append(s)

    combos = report["problematiques_combinaisons"]
    s = Section("F. – PROBLÉMATIQUES ADDICTIVES SUIVIES")
    s.sentences = _top_sentence("des problématiques", rep["problematiques"]) + [
        f"{combos['combinaisons_distinctes']} combinaisons de problématiques différentes ; "
        f"{pct_text(combos['part_une_seule'])} des patient·e·s ({combos['situations_une_seule']} situations) "
        "concerné·e·s par une seule problématique."
    ]
    s.tables.append(_repartition_table("problematiques", REPARTITION_TITLES["problematiques"], rep["problematiques"]))
    s.tables.append(Table("une_seule_problematique", "Situations avec une seule problématique",
                          ["Problématique", "Situations", "Part des situations"],
                          [[name, c["count"], pct_text(c["share"])]
                           for name, c in combos["une_seule_par_problematique"].items()]))
    s.charts.append(_chart("Problématiques addictives (%)", rep["problematiques"]))
    out.append(s)

    for key, heading, noun in (
        ("difficultes", "G. – DIFFICULTÉS ASSOCIÉES DES PATIENT·E·S", "des difficultés mentionnées"),
        ("motivation", "H. – MOTIVATION DU PATIENT DANS LE SOIN", "des situations"),
        ("pistes", "J. – PISTES PROPOSÉES À L'ISSUE DE L'INTERVISION", "des pistes"),
        ("objectif", "K. – OBJECTIFS", "des situations"),
    ):
        s = Section(heading, sentences=_top_sentence(noun, rep[key]))
        s.tables.append(_repartition_table(key, REPARTITION_TITLES[key], rep[key]))
        s.charts.append(_chart(REPARTITION_TITLES[key].split("– ")[-1] + " (%)", rep[key]))
        if key in ("motivation", "objectif"):
            x = report[f"{key}_x_reprogrammation"]
            s.tables.append(Table(f"{key}_x_reprog", f"{REPARTITION_TITLES[key]} × nouvelle Intervision",
                                  ["Réponse", "Situations", "Nouvelle Intervision", "Part"],
                                  [[lab, c["situations"], c["reprogrammation"], pct_text(c["share"])]
                                   for lab, c in x.items()]))
        out.append(s)

    rp, rp1 = report["reprogrammation"], report.get("reprogrammation_n_1") or {}
    s = Section("L. – REPROGRAMMATION DES INTERVISIONS")
    s.sentences = [
        f"Une nouvelle Intervision a été jugée nécessaire dans {rp['besoin']['count']} situations sur "
        f"{rp['situations']} ({pct_text(rp['besoin']['share'])} "
        f"{points_text(rp['besoin']['share'], (rp1.get('besoin') or {}).get('share'))}).",
        f"{rp['realisees']['count']} ont été réalisées ({pct_text(rp['realisees']['share'])} des besoins), dont "
        f"{rp['realisees_dans_delai']['count']} dans le délai ({pct_text(rp['realisees_dans_delai']['share'])} "
        f"des réalisées) ; {rp['non_verifiables']['count']} ne sont pas encore vérifiables (échéance après le "
        f"31/12/{year}) et {rp['non_realisees_echues']['count']} sont échues sans nouvelle étude.",
    ]
    s.tables.append(Table("reprogrammation", "Reprogrammation par délai",
                          ["Délai", "Demandes", "Part", "Réalisées", "% réalisées", "Dans le délai",
                           "% dans le délai", "Non vérifiables", "Échues non réalisées"],
                          [[lab, c["count"], pct_text(c["share"]), c["realisees"], pct_text(c["part_realisees"]),
                            c["dans_delai"], pct_text(c["part_dans_delai"]), c["non_verifiables"],
                            c["non_realisees_echues"]] for lab, c in rp["par_delai"].items()]
                          + [["Sans délai", rp["sans_delai"]["count"], "", rp["sans_delai"]["realisees"], "", "", "",
                              "", ""]]))
    pc = report["patients_par_nombre_de_situations"]
    s.tables.append(Table("patients_multiples", "Patients par nombre de situations dans l'année",
                          ["Situations", "Patients"], [[k2, v] for k2, v in pc.items()]))
    out.append(s)

    s = Section("M. – RESTITUTION AU PATIENT", sentences=_top_sentence("des situations", rep["restitution"]))
    s.tables.append(_repartition_table("restitution", REPARTITION_TITLES["restitution"], rep["restitution"]))
    table = report["restitution_x_demandeur"]["table"]
    cols = list(next(iter(table.values()), {}))
    s.tables.append(Table("demandeur_x_restituteur", "Demandeur × restituteur", ["Demandeur", *cols],
                          [[dem, *[cells.get(c, 0) for c in cols]] for dem, cells in table.items()]))
    out.append(s)

    s = Section("Autres réponses de la fiche")
    for key in ("accord", "delai"):
        s.tables.append(_repartition_table(key, REPARTITION_TITLES[key], rep[key]))
    out.append(s)

    if report.get("semestres"):
        sem = report["semestres"]
        names = list(sem["annee"])
        s = Section("Comparaison des semestres")
        s.tables.append(Table("semestres", "Premier et second semestre", ["Indicateur", "S1", "S2", "Année"],
                              [[n.replace("_", " "), _fmt(sem["S1"][n]), _fmt(sem["S2"][n]), _fmt(sem["annee"][n])]
                               for n in names]))
        out.append(s)

    s = Section(f"Objectifs du projet : indicateurs C.P.O.M. — réalisations au 31/12/{year}")
    s.tables.append(Table("cpom", "Indicateurs C.P.O.M.",
                          ["Indicateur de suivi", f"Réalisations au 31/12/{year}", f"Pour mémoire : 31/12/{year - 1}"],
                          [[r["indicateur"], _fmt(r["n"]), _fmt(r["n_1"])] for r in report["cpom"]]))
    out.append(s)

    s = Section("Qualité des données par pôle")
    quality = report["qualite_donnees"]
    fields = list(quality[0]["champs_remplis"]) if quality else []
    s.tables.append(Table("qualite", "Fiches remplies par champ, situations sans invitation",
                          ["Pôle", "Situations", *fields, "Sans invitation", "« Non renseigné »", "Champs vides"],
                          [[q["pole"], q["situations"], *[q["champs_remplis"][f] for f in fields],
                            q["sans_invitation"], q["non_renseigne_explicite"], q["vides"]] for q in quality]))
    out.append(s)

    if report.get("textes_libres"):
        s = Section("I. – NATURE DES PROBLÈMES AYANT MOTIVÉ LA DEMANDE D'INTERVISION")
        s.tables.append(Table("problemes", "Réponses (texte libre)", ["Réponse"],
                              [[t] for t in report["textes_libres"]["probleme"]]))
        out.append(s)
    return out


def _pct(share: float | None) -> float:
    return 0.0 if share is None else round(share * 100, 1)


def _fmt(value):
    if isinstance(value, float):
        return pct_text(value) if value <= 1 else half_up(value)
    if isinstance(value, list):
        return ", ".join(value) or "–"
    return "–" if value is None else value


def _chart(title: str, rep: dict) -> Chart:
    items = sorted(rep["labels"].items(), key=lambda x: (x[1]["rank"], x[0]))
    return Chart(title, [label for label, _ in items], [_pct(e["share"]) for _, e in items],
                 [None if e.get("new") or not e.get("previous") else _pct(e["previous"]["share"]) for _, e in items])


def annual_model(report: dict) -> DocumentModel:
    """The annual report (region) or a pôle's annual evaluation, from build_report's dict."""
    scope = report["perimetre"]
    return DocumentModel(
        title=title_of(report),
        year=report["annee"],
        period_label=report["periode"],
        scope_name=scope["nom"],
        is_region=scope["region"],
        sections=sections(report),
        subtitle=f"Période du 01/01/{report['annee']} au 31/12/{report['annee']} — périmètre : {scope['nom']}.",
    )


def title_of(report: dict) -> str:
    """Regional activity report, or a pôle's annual evaluation document."""
    scope = report["perimetre"]
    if scope["region"]:
        return f"Rapport d'activité {report['periode']} — Intervisions"
    return f"Évaluation annuelle {report['periode']} — pôle {scope['nom']}"
