"""The shared document model: a document is a list of sections (heading, paragraphs, tables,
charts), laid out alike by the web page, XLSX, DOCX and PDF renderers.

Each table is (title, header row, body rows) of display values, built from a document's plain
data (`documents.Document.model`); the renderers only lay them out. `annual_model` is the annual
report's: the seed's chapter order and headings (seed-spec C.0bis), human French row labels.

Tables fit an A4 page (`fit`): at most PORTRAIT_COLUMNS columns on a portrait page, at most
LANDSCAPE_COLUMNS on a landscape one (the template's table font, 8 pt: a 4.5 cm label column
and 1.55 cm per figure column on 17 cm / 25.7 cm of text width); a wider table is split into
several with the label column repeated. Long column headers are abbreviated, with a legend.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..commentary import distribution_lines, general_analysis, pole_analysis
from ..numbers import count_with_delta, half_up, pct_text, points_text

PORTRAIT_COLUMNS = 8
LANDSCAPE_COLUMNS = 14
HEADER_WORD = 11  # longest word a figure column's header may hold (letters) without abbreviation


@dataclass
class Table:
    key: str  # sheet name / anchor
    title: str
    header: list[str]
    rows: list[list]
    bold_rows: set[int] = field(default_factory=set)  # totals
    legend: list[str] = field(default_factory=list)  # abbreviations and definitions, printed below
    landscape: bool = False
    formats: frozenset[str] = frozenset({"web", "xlsx", "docx", "pdf"})
    # Relative column widths for the paged layouts (PDF, DOCX); None: the renderer's default
    # (a label column, then equal figure columns).
    widths: list[float] | None = None

    @property
    def body(self) -> list[tuple[list, bool]]:
        """(row, is a total) for templates."""
        return [(row, i in self.bold_rows) for i, row in enumerate(self.rows)]


@dataclass
class Chart:
    title: str
    labels: list[str]
    values: list[float]  # percentages
    previous: list[float | None] | None = None
    key: str = ""

    @property
    def rows(self) -> list[tuple]:
        """(label, value, previous) for templates; bars are widths in % of the chart."""
        prev = self.previous or [None] * len(self.values)
        return list(zip(self.labels, self.values, prev, strict=False))

    @property
    def scale(self) -> float:
        """The value drawn at full width: the largest value of N or N-1 (bars stay proportional)."""
        return max([*self.values, *(v or 0 for v in (self.previous or [])), 1.0])


@dataclass
class Paragraph:
    text: str
    style: str = "text"  # "text", "bullet", "note" (small print) or "commentary" (edited by staff)


Block = Paragraph | Table | Chart


@dataclass
class Bullets:
    """Consecutive bullet paragraphs, laid out as one list."""

    texts: list[str]


def grouped(blocks: list[Block]) -> list:
    """Blocks with consecutive bullets merged into one Bullets (one list in HTML and Word)."""
    out: list = []
    for block in blocks:
        if isinstance(block, Paragraph) and block.style == "bullet":
            if out and isinstance(out[-1], Bullets):
                out[-1].texts.append(block.text)
            else:
                out.append(Bullets([block.text]))
        else:
            out.append(block)
    return out


@dataclass
class Section:
    """A chapter (level 1) or sub-chapter (level 2, 3). Its content is `blocks` in that order when
    given; otherwise its paragraphs, sentences (as bullets), tables, then charts."""

    heading: str
    sentences: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    key: str = ""  # chapter key: anchors, staff commentary
    level: int = 1
    paragraphs: list[Paragraph] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    comments: list[Paragraph] = field(default_factory=list)  # the staff's, after the generated text

    def items(self) -> list[Block]:
        if self.blocks:
            return [*self.blocks, *self.comments]
        return [*self.paragraphs, *(Paragraph(s, "bullet") for s in self.sentences), *self.comments, *self.tables,
                *self.charts]

    @property
    def all_landscape(self) -> bool:
        """Only wide tables: the whole section, heading included, goes on landscape pages (a
        heading left alone at the foot of a portrait page otherwise)."""
        tables = [b for b in self.items() if isinstance(b, Table) and "pdf" in b.formats]
        return bool(tables) and all(t.landscape for t in tables) and not self.charts

    def items_for(self, fmt: str) -> list[Block]:
        return [b for b in self.items() if not isinstance(b, Table) or fmt in b.formats]

    @property
    def anchor(self) -> str:
        """The section's HTML id: its key when it is one (« action-11-11 »), else empty (the
        templates then number it)."""
        return self.key if re.fullmatch(r"[a-z][a-z0-9_-]*", self.key or "") else ""

    def layout(self) -> list[tuple[str, object]]:
        """items() as (kind, content): "table", "chart", "text", "note", "commentary", or
        "bullets" with consecutive bullet paragraphs gathered in one list."""
        out: list[tuple[str, object]] = []
        for block in grouped(self.items()):
            if isinstance(block, Bullets):
                out.append(("bullets", block.texts))
            elif isinstance(block, Table):
                out.append(("table", block))
            elif isinstance(block, Chart):
                out.append(("chart", block))
            else:
                out.append((block.style if block.style in ("note", "commentary") else "text", block.text))
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
    association: str = ""
    edition_date: dt.date | None = None

    @property
    def edition_text(self) -> str:
        day = self.edition_date or dt.date.today()
        return f"Édition du {day:%d/%m/%Y}"

    def toc(self) -> list[Section]:
        return [s for s in self.sections if s.level <= 2]


# ---------------------------------------------------------------------------------------------
# Fitting tables to A4
# ---------------------------------------------------------------------------------------------

_SMALL_WORDS = {"et", "de", "des", "du", "en", "la", "le", "les", "&", "à", "au", "aux", "d'", "l'"}


def abbreviate(text: str) -> str:
    """A column header short enough for a figure column: long words cut after 4 letters
    (« Généralistes libéraux » → « Géné. libé. »), small words and parentheses dropped."""
    base = re.sub(r"\s*\(.*?\)", "", text).strip()
    words = [w for w in re.split(r"\s+", base) if w.lower() not in _SMALL_WORDS]
    if all(len(w) <= HEADER_WORD for w in words) and len(base) <= 2 * HEADER_WORD:
        return base
    short = [w if len(w) <= 6 else w[:4].rstrip("'-") + "." for w in words[:2]]
    return " ".join(short)


def abbreviated(header: list[str]) -> tuple[list[str], list[str]]:
    """Headers for figure columns and the legend of those abbreviated."""
    out, legend = [header[0]], []
    for h in header[1:]:
        short = abbreviate(h)
        if short in out:  # keep them apart: a third word
            short = f"{short} {abbreviate(h.split()[-1])}"
        out.append(short)
        if short != h:
            legend.append(f"{short} : {h}")
    # One line of abbreviations (a line each would fill a page of their own under a long table).
    return out, (["Abréviations — " + " ; ".join(legend) + "."] if legend else [])


def fit(table: Table) -> list[Table]:
    """The table as one or more tables that fit the width of an A4 page (see module docstring)."""
    n = len(table.header)
    if n <= PORTRAIT_COLUMNS:
        return [table]
    if n <= LANDSCAPE_COLUMNS:
        table.landscape = True
        return [table]
    count = -(-(n - 1) // (LANDSCAPE_COLUMNS - 1))
    per = -(-(n - 1) // count)  # as many figure columns in each part
    parts = []
    for i, start in enumerate(range(1, n, per)):
        cols = [0, *range(start, min(n, start + per))]
        parts.append(Table(
            f"{table.key}_{i + 1}", f"{table.title} ({i + 1}/{count})",
            [table.header[c] for c in cols], [[row[c] for c in cols] for row in table.rows],
            bold_rows=set(table.bold_rows), legend=table.legend, landscape=True, formats=table.formats,
        ))
    return parts


# ---------------------------------------------------------------------------------------------
# The annual report
# ---------------------------------------------------------------------------------------------

CHIFFRES_LABELS = {
    "poles_actifs": "Pôles actifs (au moins une Intervision)",
    "nouveaux_poles": "Nouveaux pôles",
    "poles_reactives": "Pôles de nouveau actifs",
    "intervisions": "Intervisions",
    "intervisions_visio": "dont en visioconférence (tout ou partie)",
    "comites_de_pilotage": "Comités de pilotage",
    "reunions": "Réunions (Intervisions et comités de pilotage)",
    "situations": "Situations de patient·e·s étudiées",
    "patients_distincts": "Patient·e·s différent·e·s",
    "participants": "Participant·e·s (somme des pôles)",
    "participants_distincts": "Personnes différentes sur l'ensemble des pôles",
    "participants_liberaux": "dont libéraux",
    "participations": "Participations",
    "participations_liberaux": "dont participations de libéraux",
    "part_liberaux_participations": "Part des libéraux dans les participations",
    "nouveaux_liberaux": "Nouveaux libéraux",
    "nouveaux_non_liberaux": "Nouveaux non libéraux",
    "medecins_traitants_connus": "Médecins traitants connus",
    "medecins_traitants_invites": "Médecins traitants invités",
    "medecins_traitants_presents": "Médecins traitants présents",
    "intervisions_avec_travailleurs_sociaux": "Intervisions avec un·e travailleur·se social·e présent·e",
    "part_intervisions_avec_travailleurs_sociaux": "Part des Intervisions avec un·e travailleur·se social·e",
}

SEMESTRE_LABELS = {
    "intervisions": "Intervisions",
    "situations": "Situations étudiées",
    "participations": "Participations",
    "participants": "Participant·e·s (somme des pôles)",
    "taux_presents_invites": "Présent·e·s / invité·e·s (toutes catégories)",
    "taux_presents_invites_generalistes": "Présent·e·s / invité·e·s (généralistes libéraux)",
    "part_medecins_traitants_connus": "Médecin traitant connu (part des situations)",
    "part_medecins_traitants_invites": "Médecin traitant invité (part des connus)",
    "part_medecins_traitants_presents": "Médecin traitant présent (part des invités)",
    "part_besoin_reprogrammation": "Nouvelle Intervision demandée (part des situations)",
}

REPARTITION_TITLES = {
    "demandeurs": "Origine des demandes d'Intervision (demandeurs)",
    "motifs": "Motifs des demandes d'Intervision",
    "problematiques": "Problématiques addictives suivies",
    "difficultes": "Difficultés associées des patient·e·s",
    "motivation": "Motivation du patient dans le soin",
    "pistes": "Pistes proposées à l'issue de l'Intervision",
    "objectif": "Objectif de l'Intervision atteint",
    "restitution": "Restitution au patient",
    "accord": "Accord préalable du patient",
    "delai": "Délai de la nouvelle Intervision",
    "medecin_traitant": "Médecin traitant connu",
    "pharmacien_attitre": "Pharmacien attitré connu",
    "medecin_traitant_absence": "Raisons de l'absence de médecin traitant",
}

NOUNS = {
    "demandeurs": "des demandes", "motifs": "des motifs", "problematiques": "des problématiques",
    "difficultes": "des difficultés mentionnées", "pistes": "des pistes proposées",
}


def _n(value) -> int | str:
    return "–" if value is None else value


def _avg(value) -> int | str:
    return "–" if value is None else half_up(value)


def _fmt(value):
    if isinstance(value, float):
        return pct_text(value) if value <= 1 else half_up(value)
    if isinstance(value, list):
        return ", ".join(value) or "aucun"
    return "–" if value is None else value


def _count(value):
    """A key figure for a figure column: a list of pôles as how many."""
    return len(value) if isinstance(value, list) else _fmt(value)


def _pct(share: float | None) -> float:
    return 0.0 if share is None else round(share * 100, 1)


def _chart(key: str, title: str, rep: dict) -> Chart:
    items = sorted(rep["labels"].items(), key=lambda x: (x[1]["rank"], x[0]))
    return Chart(title, [label for label, _ in items], [_pct(e["share"]) for _, e in items],
                 [None if e.get("new") or not e.get("previous") else _pct(e["previous"]["share"]) for _, e in items],
                 key=key)


PARTICIPATION_NOTE = (
    "Participant·e : personne ayant participé au moins une fois à une action de l'association ; "
    "participations : somme des présences (une même personne peut en cumuler plusieurs). "
    "« Total Intervisions » : somme des lignes des pôles, comme le rapport l'a toujours publié (une "
    "personne venue dans deux pôles y compte deux fois) ; comités de pilotage, total des actions et "
    "TOTAL : personnes différentes sur la ligne."
)


def _activity_row(name: str, row: dict, with_cas: bool = True) -> list:
    return [name, row.get("actions", 0), row.get("visio", 0), row.get("cas", 0) if with_cas else "–",
            row["participations"], row["participants"], row["liberaux"]["participants"],
            row.get("nouveaux_liberaux", 0), row.get("nouveaux_non_liberaux", 0)]


def _rows_of(report: dict) -> list[tuple[str, dict, bool, bool]]:
    """(label, row, has cases, is a total) for the per-pôle tables, in the seed's order."""
    out = [(r["pole"], r, True, False) for r in report["intervisions_par_pole"]]
    out.append(("Total Intervisions", report["intervisions_total"], True, True))
    out.append(("Comités de pilotage", report["comites_de_pilotage"], False, False))
    out.append(("Total des actions (Intervisions et comités de pilotage)", report["total_actions"], True, True))
    for name, line in report["vie_associative"]["lignes"].items():
        out.append((name, line, False, False))
    out.append(("Total vie associative", report["vie_associative"]["total"], False, True))
    for name, line in report.get("autres_reunions", {}).items():
        out.append((name, line, False, False))
    out.append(("TOTAL", report["total_general"], True, True))
    return out


def participation_tables(report: dict) -> list[Table]:
    """The seed's per-pôle table as tables that fit A4: activity (portrait), then participations
    and participants by category (landscape, abbreviated headers with a legend). The XLSX keeps
    the whole table on one sheet."""
    year = report["periode"]
    rows = _rows_of(report)
    bold = {i for i, (_, _, _, total) in enumerate(rows) if total}
    activity = Table(
        "activite_par_pole", f"Intervisions {year} par pôle : activité",
        ["", "Intervisions", "dont visio", "Situations", "Participations", "Participant·e·s", "dont libéraux",
         "Nouveaux libéraux", "Nouveaux non libéraux"],
        [_activity_row(name, row, cas) for name, row, cas, _ in rows], bold_rows=bold,
        legend=[PARTICIPATION_NOTE], formats=frozenset({"web", "docx", "pdf"}),
    )
    distinct = report["intervisions_total"].get("participants_distincts")
    if distinct is not None:
        i = len(report["intervisions_par_pole"]) + 1
        activity.rows.insert(i, ["dont personnes différentes sur l'ensemble des pôles", "", "", "", "", distinct,
                                 report["intervisions_total"]["distincts"]["liberaux"], "", ""])
        activity.bold_rows = {b + (b >= i) for b in bold}
    cats = list(report["intervisions_total"]["categories"])
    out = fit(activity)
    for what, noun in (("participations", "participations"), ("participants", "participant·e·s")):
        header, legend = abbreviated(["", *cats, "Libéraux"])
        table = Table(f"{what}_par_categorie", f"Intervisions {year} par pôle : {noun} par catégorie professionnelle",
                      header, [[name, *[row["categories"].get(c, {}).get(what, 0) for c in cats],
                                row["liberaux"][what]] for name, row, _, _ in rows],
                      bold_rows=set(bold),
                      legend=[*legend, "Libéraux : généralistes libéraux, pharmaciens et autres libéraux. Une personne "
                              "qui a aussi une fonction de coordination compte dans sa catégorie et en Coordination."],
                      formats=frozenset({"web", "docx", "pdf"}))
        out += fit(table)
    out.append(_full_participation_table(report, rows))
    return out


def _full_participation_table(report: dict, rows) -> Table:
    """The whole per-pôle table (C.2), one sheet of the XLSX."""
    cats = list(report["intervisions_total"]["categories"])
    header = ["", "nb actions", "dont visio"]
    for cat in cats:
        header += [f"{cat} — participations", f"{cat} — participants"]
    header += ["nb cas", "participations", "participants", "nouveaux libéraux", "nouveaux non libéraux"]
    body = []
    for name, row, cas, _ in rows:
        cells = [row.get("actions", 0), row.get("visio", 0)]
        for cat in cats:
            cell = row["categories"].get(cat, {"participations": 0, "participants": 0})
            cells += [cell["participations"], cell["participants"]]
        cells += [row.get("cas", "–") if cas else "–", row["participations"], row["participants"],
                  row.get("nouveaux_liberaux", 0), row.get("nouveaux_non_liberaux", 0)]
        body.append([name, *cells])
    return Table("participation", f"Intervisions {report['periode']} — participation par pôle", header, body,
                 bold_rows={i for i, r in enumerate(rows) if r[3]}, formats=frozenset({"xlsx"}))


def _repartition_table(key: str, title: str, rep: dict, region: dict | None = None) -> Table:
    rows = []
    header = ["Libellé", "Rang", "Nombre", "Part", "Part N-1", "Évolution"]
    if region is not None:
        header.append("Part région")
    for label, e in sorted(rep["labels"].items(), key=lambda x: (x[1]["rank"], x[0])):
        prev = e.get("previous")
        row = [
            label, e["rank"], e["count"], pct_text(e["share"]),
            "nouveau" if e.get("new") else (pct_text(prev["share"]) if prev else ""),
            "" if e.get("new") or not prev else points_text(e["share"], prev["share"]).strip("()"),
        ]
        if region is not None:
            row.append(pct_text(((region.get("labels") or {}).get(label) or {}).get("share")))
        rows.append(row)
    denominator = rep.get("total_labels", rep.get("situations"))
    extra = [""] if region is not None else []
    rows.append(["Champ vide (non saisi)", "", rep["situations_vides"], "", "", "", *extra])
    rows.append(["Total" + (" des réponses" if rep["type"] == "multi" else " des situations"), "", denominator,
                 "100 %" if denominator else "–", "", "", *extra])
    return Table(key, title, header, rows, bold_rows={len(rows) - 1})


def _distribution(s: Section, report: dict, key: str, noun: str, chart: bool = True) -> None:
    rep = report["repartitions"][key]
    region = (report.get("region") or {}).get("repartitions", {}).get(key) if report.get("region") else None
    s.sentences += distribution_lines(rep, noun)
    s.tables.append(_repartition_table(key, REPARTITION_TITLES[key], rep, region))
    if chart:
        s.charts.append(_chart(key, REPARTITION_TITLES[key] + " (%)", rep))


def sections(report: dict) -> list[Section]:
    k, k1 = report["chiffres_cles"], report.get("chiffres_cles_n_1") or {}
    year = report["annee"]
    region = report.get("region")
    rk = (region or {}).get("chiffres_cles") or {}
    out: list[Section] = []

    # CHIFFRES CLÉS
    s = Section("CHIFFRES CLÉS", key="chiffres_cles")
    s.sentences = [
        f"{count_with_delta(k['intervisions'], k1.get('intervisions'), 'Intervisions')} sur {k['poles_actifs']} pôles"
        f" (pôles actifs en {year - 1} : {k1.get('poles_actifs', 0)}).",
        f"{count_with_delta(k['situations'], k1.get('situations'), 'situations')} pour "
        f"{count_with_delta(k['patients_distincts'], k1.get('patients_distincts'), 'patient·e·s différent·e·s')}.",
        f"{count_with_delta(k['participants'], k1.get('participants'), 'participant·e·s')} "
        f"(dont {k['participants_liberaux']} libéraux) pour "
        f"{count_with_delta(k['participations'], k1.get('participations'), 'participations')} "
        f"(dont {k['participations_liberaux']} de libéraux).",
        f"{count_with_delta(k['nouveaux_liberaux'], k1.get('nouveaux_liberaux'), 'nouveaux libéraux')} "
        "participent pour la première fois à une Intervision.",
    ]
    header = ["Indicateur", str(year), str(year - 1)] + ([f"Région {year}"] if region else [])
    s.tables.append(Table("chiffres_cles", "Chiffres clés", header, [
        [CHIFFRES_LABELS.get(name, name), _count(value), _count(k1.get(name)),
         *([_count(rk.get(name))] if region else [])]
        for name, value in k.items()
    ]))
    # The pôles themselves under the table (a list of names has no room in a figure column).
    for name in ("nouveaux_poles", "poles_reactives"):
        if k.get(name):
            s.tables[-1].legend.append(f"{CHIFFRES_LABELS[name]} en {year} : {', '.join(k[name])}.")
    out.append(s)

    # LES INTERVISIONS
    out.append(Section(f"LES INTERVISIONS EN {year}", key="intervisions"))
    s = Section("1. Analyse générale", key="analyse_generale", level=2, sentences=general_analysis(report))
    s.tables += participation_tables(report)
    m = report["moyennes"]
    s.tables.append(Table(
        "moyennes", "Moyennes par Intervision, par pôle",
        ["Pôle", "Situations", "Participations", "Participant·e·s", "Participations de libéraux"],
        [[pole, _avg(v["situations"]), _avg(v["participations"]), _avg(v["participants"]),
          _avg(v["participations_liberaux"])] for pole, v in m["par_pole"].items()]
        + [["Ensemble des pôles", _avg(m["par_intervision"]["situations"]),
            _avg(m["par_intervision"]["participations"]), _avg(m["par_intervision"]["participants"]),
            _avg(m["par_intervision"]["participations_liberaux"])]],
        bold_rows={len(m["par_pole"])},
        legend=["Nombres moyens par Intervision, arrondis à l'unité."],
    ))
    out.append(s)
    if report["perimetre"]["region"]:
        out.append(Section("2. Analyse pôle par pôle", key="analyse_pole_par_pole", level=2))
        for name, lines in pole_analysis(report):
            out.append(Section(name, key=f"pole:{name}", level=3, sentences=lines))

    # ÉVALUATION DES INTERVISIONS
    out.append(Section("ÉVALUATION DES INTERVISIONS", key="evaluation", paragraphs=[Paragraph(
        f"Les éléments de l'évaluation sont issus de la fiche de suivi remplie pour chacune des "
        f"{report['situations']} situations évoquées en Intervision.")]))

    inv, inv1 = report["invites_presents_par_categorie"], report.get("invites_presents_par_categorie_n_1") or {}
    s = Section("B. – Répartition des participant·e·s par catégorie professionnelle", key="categories", level=2)
    cats = report["intervisions_total"]["categories"]
    total_p = report["intervisions_total"]["participants"] or 0
    ranked = sorted(((c["participants"], name) for name, c in cats.items()), reverse=True)
    s.sentences = [f"{name} : {n} participant·e·s ({pct_text(n / total_p if total_p else None)})."
                   for n, name in ranked if n][:6]
    names = [c for c in inv if c not in ("Libéraux", "Total", "Total (chaque invitation une fois)")]
    rows = [[cat, inv[cat]["invites"], inv[cat]["presents"], pct_text(inv[cat]["taux"]),
             pct_text((inv1.get(cat) or {}).get("taux"))] for cat in names]
    for cat in ("Libéraux", "Total", "Total (chaque invitation une fois)"):
        if cat in inv:
            rows.append([{"Total": "Total (somme des catégories)",
                          "Total (chaque invitation une fois)": "Invitations distinctes (chaque invitation une fois)"}
                         .get(cat, cat), inv[cat]["invites"], inv[cat]["presents"], pct_text(inv[cat]["taux"]),
                         pct_text((inv1.get(cat) or {}).get("taux"))])
    s.tables.append(Table(
        "invites_presents", "Invité·e·s et présent·e·s par catégorie (invitations pour une situation)",
        ["Catégorie", "Invité·e·s", "Présent·e·s", "Présents / invités", f"Taux {year - 1}"], rows,
        bold_rows={len(rows) - 2, len(rows) - 1} if "Total" in inv else set(),
        legend=["Total (somme des catégories) : comme le rapport le publie, une personne à double fonction compte "
                "dans chacune de ses catégories ; invitations distinctes : chaque invitation une fois."],
    ))
    s.charts.append(Chart("Présent·e·s / invité·e·s par catégorie (%)", names,
                          [_pct(inv[c]["taux"]) for c in names], [_pct((inv1.get(c) or {}).get("taux")) for c in names],
                          key="invites_presents"))
    total = inv["Total"]
    before = (inv1.get("Total") or {}).get("taux")
    s.sentences.append(f"{total['presents']} présences pour {total['invites']} invitations (somme des catégories), "
                       f"soit {pct_text(total['taux'])} {points_text(total['taux'], before)}.".replace(" .", "."))
    out.append(s)

    s = Section("C. – Répartition des soignants libéraux habituels du patient", key="soignants", level=2)
    for key, name in (("medecin_traitant", "Médecin traitant"), ("pharmacien_attitre", "Pharmacien attitré")):
        c, p = report[key], report.get(f"{key}_n_1") or {}
        s.tables.append(Table(key, name, ["", str(year), str(year - 1)], [
            ["Situations", c["situations"], _n(p.get("situations"))],
            ["Connus", c["connus"], _n(p.get("connus"))],
            ["Invités (parmi les connus)", c["invites"], _n(p.get("invites"))],
            ["Présents (parmi les invités)", c["presents"], _n(p.get("presents"))],
            ["Connus / situations", pct_text(c["part_connus"]), pct_text(p.get("part_connus"))],
            ["Invités / connus", pct_text(c["part_invites"]), pct_text(p.get("part_invites"))],
            ["Présents / invités", pct_text(c["part_presents"]), pct_text(p.get("part_presents"))],
            ["Présents / connus", pct_text(c["part_presents_sur_connus"]),
             pct_text(p.get("part_presents_sur_connus"))],
            ["Pas de " + name.lower(), c["sans"], _n(p.get("sans"))],
            ["Non renseigné", c["non_renseigne"], _n(p.get("non_renseigne"))],
            ["Champ vide (non saisi)", c["vide"], _n(p.get("vide"))],
        ]))
        s.sentences.append(
            f"{name} connu pour {c['connus']} situations sur {c['situations']} ({pct_text(c['part_connus'])} "
            f"{points_text(c['part_connus'], p.get('part_connus'))}), invité dans {pct_text(c['part_invites'])} "
            f"des cas, présent pour {pct_text(c['part_presents'])} des invitations.".replace(" )", ")")
        )
    mt = report["medecin_traitant"]
    s.tables.append(Table("raisons_absence_mt", "Raisons de l'absence de médecin traitant", ["Raison", "Situations"],
                          [["Champ vide (non saisi)" if r == "(vide)" else r, n]
                           for r, n in mt["raisons_absence"].items()]))
    out.append(s)

    rep = report["repartitions"]
    s = Section("D. – Origine et motif des demandes d'Intervision", key="demandes", level=2)
    _distribution(s, report, "demandeurs", NOUNS["demandeurs"], chart=False)
    groups = report["demandeurs_groupes"]
    s.tables.append(Table("demandeurs_groupes", "Demandeurs par groupe", ["Groupe", "Nombre", "Part", "Évolution"],
                          [[g, c["count"], pct_text(c["share"]),
                            points_text(c["share"], (c.get("previous") or {}).get("share")).strip("()")]
                           for g, c in groups.items()]))
    _distribution(s, report, "motifs", NOUNS["motifs"])
    out.append(s)

    dxm = report["demandeurs_x_motifs"]["par_groupe"]
    motifs = list(next(iter(dxm.values()), {}))
    s = Section("E. – Répartition des demandeurs par motif de demande", key="demandeurs_motifs", level=2)
    # Motifs as rows, requester groups as columns: few columns, so the table fits a portrait page.
    group_names = list(dxm)
    header, legend = abbreviated(["Motif", *group_names])
    s.tables += fit(Table("demandeurs_x_motifs", "Motifs par groupe de demandeurs (coches)", header,
                          [[mo, *[dxm[g].get(mo, 0) for g in group_names]] for mo in motifs], legend=legend))
    s.sentences = [f"{g} : principalement {', '.join(t)}." for g, t in
                   report["demandeurs_x_motifs"]["principaux_motifs_par_groupe"].items() if t]
    out.append(s)

    combos = report["problematiques_combinaisons"]
    s = Section("F. – Problématiques addictives suivies", key="problematiques", level=2)
    _distribution(s, report, "problematiques", NOUNS["problematiques"])
    s.sentences.append(
        f"{combos['combinaisons_distinctes']} combinaisons de problématiques différentes ; "
        f"{pct_text(combos['part_une_seule'])} des situations ({combos['situations_une_seule']}) "
        "ne concernent qu'une seule problématique."
    )
    s.tables.append(Table("une_seule_problematique", "Situations avec une seule problématique",
                          ["Problématique", "Situations", "Part des situations"],
                          [[name, c["count"], pct_text(c["share"])]
                           for name, c in combos["une_seule_par_problematique"].items()]))
    out.append(s)

    s = Section("G. – Difficultés associées des patient·e·s", key="difficultes", level=2)
    _distribution(s, report, "difficultes", NOUNS["difficultes"])
    out.append(s)

    s = Section("H. – Motivation du patient dans le soin", key="motivation", level=2)
    _distribution(s, report, "motivation", "des situations")
    s.tables.append(_x_reprog_table(report, "motivation"))
    out.append(s)

    if report.get("textes_libres"):
        s = Section("I. – Nature des problèmes ayant motivé la demande d'Intervision", key="problemes", level=2)
        s.tables.append(Table("problemes", "Réponses (texte libre)", ["Réponse"],
                              [[t] for t in report["textes_libres"]["probleme"]]))
        out.append(s)

    s = Section("J. – Pistes proposées à l'issue de l'Intervision", key="pistes", level=2)
    _distribution(s, report, "pistes", NOUNS["pistes"])
    out.append(s)

    s = Section("K. – Objectifs", key="objectifs", level=2)
    _distribution(s, report, "objectif", "des situations")
    s.tables.append(_x_reprog_table(report, "objectif"))
    out.append(s)

    rp, rp1 = report["reprogrammation"], report.get("reprogrammation_n_1") or {}
    s = Section("L. – Reprogrammation des Intervisions", key="reprogrammation", level=2)
    s.sentences = [
        f"Une nouvelle Intervision a été jugée nécessaire pour {rp['besoin']['count']} situations sur "
        f"{rp['situations']} ({pct_text(rp['besoin']['share'])} "
        f"{points_text(rp['besoin']['share'], (rp1.get('besoin') or {}).get('share'))}).".replace(" )", ")"),
        f"{rp['realisees']['count']} ont été réalisées ({pct_text(rp['realisees']['share'])} des besoins), dont "
        f"{rp['realisees_dans_delai']['count']} dans le délai ({pct_text(rp['realisees_dans_delai']['share'])} "
        f"des réalisées) ; {rp['non_verifiables']['count']} ne sont pas encore vérifiables (échéance après le "
        f"31/12/{year}) et {rp['non_realisees_echues']['count']} sont échues sans nouvelle étude.",
    ]
    s.tables.append(Table("reprogrammation", "Reprogrammation par délai",
                          ["Délai", "Demandes", "Part", "Réalisées", "Dans le délai", "Non vérifiables",
                           "Échues non réalisées"],
                          [[lab, c["count"], pct_text(c["share"]), c["realisees"], c["dans_delai"],
                            c["non_verifiables"], c["non_realisees_echues"]] for lab, c in rp["par_delai"].items()]
                          + [["Sans délai", rp["sans_delai"]["count"], "", rp["sans_delai"]["realisees"], "", "", ""]]))
    _distribution(s, report, "delai", "des situations", chart=False)
    pc = report["patients_par_nombre_de_situations"]
    s.tables.append(Table("patients_multiples", "Patient·e·s par nombre de situations dans l'année",
                          ["Situations dans l'année", "Patient·e·s"],
                          [[f"{n} ou plus" if n == "21" else n, v] for n, v in pc.items()]))
    out.append(s)

    s = Section("M. – Restitution au patient", key="restitution", level=2)
    _distribution(s, report, "restitution", "des situations", chart=False)
    table = report["restitution_x_demandeur"]["table"]
    cols = list(next(iter(table.values()), {}))
    header, legend = abbreviated(["Demandeur", *cols])
    s.tables += fit(Table("demandeur_x_restituteur", "Demandeur × restitution", header,
                          [[dem, *[cells.get(c, 0) for c in cols]] for dem, cells in table.items()], legend=legend))
    _distribution(s, report, "accord", "des situations", chart=False)
    out.append(s)

    s = Section("N. – Synthèse de l'évaluation des Intervisions", key="synthese", level=2)
    for key, what in (("motifs", "motifs"), ("problematiques", "problématiques"), ("difficultes", "difficultés"),
                      ("pistes", "pistes")):
        top = [label for label, e in sorted(rep[key]["labels"].items(), key=lambda x: (x[1]["rank"], x[0]))
               if e["count"]][:3]
        if top:
            s.sentences.append(f"Principaux {what} : " + ", ".join(top) + ".")
    out.append(s)

    if report.get("semestres"):
        sem = report["semestres"]
        s = Section("Comparaison des semestres", key="semestres")
        s.tables.append(Table("semestres", "Premier et second semestre", ["Indicateur", "S1", "S2", "Année"],
                              [[SEMESTRE_LABELS.get(n, n), _fmt(sem["S1"][n]), _fmt(sem["S2"][n]),
                                _fmt(sem["annee"][n])] for n in sem["annee"]]))
        out.append(s)

    s = Section(f"Indicateurs C.P.O.M. — réalisations au 31/12/{year}", key="cpom")
    s.tables.append(Table("cpom", "Indicateurs C.P.O.M.",
                          ["Indicateur de suivi", f"Réalisations au 31/12/{year}", f"Pour mémoire : 31/12/{year - 1}"],
                          [[r["indicateur"], _fmt(r["n"]), _fmt(r["n_1"])] for r in report["cpom"]]))
    out.append(s)

    from .audience import audience_sections  # the association's members, newsletters, resources

    out.extend(audience_sections(report))
    from .rencontres import other_activity_sections  # the association's other activities (reports.md v2)

    out += other_activity_sections(report)

    s = Section("Annexe : qualité des données par pôle", key="qualite")
    quality = report["qualite_donnees"]
    fields = list(quality[0]["champs_remplis"]) if quality else []
    header = ["Pôle", "Situations", *[f.capitalize() for f in fields], "Sans invitation", "« Non renseigné »",
              "Champs vides"]
    header, legend = abbreviated(header)
    s.tables += fit(Table("qualite", "Fiches remplies par champ, situations sans invitation", header,
                          [[q["pole"], q["situations"], *[q["champs_remplis"][f] for f in fields],
                            q["sans_invitation"], q["non_renseigne_explicite"], q["vides"]] for q in quality],
                          legend=legend))
    out.append(s)
    return out


def _x_reprog_table(report: dict, key: str) -> Table:
    x = report[f"{key}_x_reprogrammation"]
    return Table(f"{key}_x_reprog", f"{REPARTITION_TITLES[key]} et nouvelle Intervision demandée",
                 ["Réponse", "Situations", "Nouvelle Intervision", "Part"],
                 [["Champ vide (non saisi)" if lab == "(vide)" else lab, c["situations"], c["reprogrammation"],
                   pct_text(c["share"])] for lab, c in x.items()])


def annual_model(report: dict, association: str = "") -> DocumentModel:
    """The annual report (region) or a pôle's annual evaluation, from build_report's dict."""
    from django.conf import settings

    scope = report["perimetre"]
    return DocumentModel(
        title=title_of(report),
        year=report["annee"],
        period_label=report["periode"],
        scope_name=scope["nom"],
        is_region=scope["region"],
        sections=sections(report),
        subtitle=f"Période du 01/01/{report['annee']} au 31/12/{report['annee']} — périmètre : {scope['nom']}.",
        association=association or getattr(settings, "CONCERTO_ASSOCIATION_NAME", ""),
    )


def title_of(report: dict) -> str:
    """Regional activity report, or a pôle's annual evaluation document."""
    scope = report["perimetre"]
    if scope["region"]:
        return f"Rapport d'activité {report['periode']} — Intervisions"
    return f"Évaluation annuelle {report['periode']} — pôle {scope['nom']}"
