"""The pôle ressource report laid out as the shared document model (reports/render/sections.py):
headings, sentences, tables 1–10 and the orientation charts, from the plain data of
reports/chapters/advice.py. Every rendering (web page, XLSX, DOCX, PDF) shows these.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from concerto.reports.chapters.advice import GRAND_TOTAL, SUBTOTAL_PATIENTS, SUBTOTAL_PROS, TABLES, TOTAL
from concerto.reports.documents import Document
from concerto.reports.render.sections import Chart, DocumentModel, Section, Table
from concerto.reports.scope import Period, Scope

TITLE = "Rapport d'activité du pôle ressource"


def pct(share: float | None, digits: int = 1, sign: bool = False) -> str:
    """A share as a French percentage rounded half up: 0.3333 → « 33,3 % »."""
    if share is None:
        return "–"
    value = Decimal(str(share * 100)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"
    return text.replace(".", ",") + " %"


def signed(n: int) -> str:
    return f"{n:+d}"


def title_of(data: dict) -> str:
    return f"{TITLE} {data['annee']}"


def table_of(key: str, title: str, table: dict) -> Table:
    columns = table["colonnes"]
    header = ["", *columns, TOTAL]
    rows = [[label, *[cells[c] for c in columns], cells[TOTAL]] for label, cells in table["lignes"].items()]
    return Table(key, title, header, rows)


def _tables(data: dict, keys: list[str]) -> list[Table]:
    return [table_of(key, title, data[key]) for key, title, _ in TABLES if key in keys]


def _growth_sentence(data: dict) -> str:
    g = data["evolution_adherents"]
    if not g["n_1"]:
        return f"{g['total']} adhérents en {data['annee']}."
    word = "augmentation" if g["delta"] >= 0 else "diminution"
    parts = [f"{signed(p['delta'])} {name.lower()}" for name, p in g["par_profession"].items() if p["delta"]]
    text = (f"{g['total']} adhérents en {data['annee']} ({g['n_1']} en {data['annee'] - 1}) : "
            f"{word} totale de {abs(g['delta'])} adhérents ({pct(g['delta_pct'], 2, sign=True)})")
    return text + (f" dont {', '.join(parts)}." if parts else ".")


def _requests_sentences(data: dict) -> list[str]:
    s, year = data["sollicitations"], data["annee"]
    ev, evp = s["evolution"], s["evolution_professionnels"]
    out = [f"{s['total']} sollicitations reçues en {year} ({ev['n_1']} en {year - 1}, {signed(ev['delta'])}"
           + (f", soit {pct(ev['delta_pct'], 2, sign=True)}" if ev["delta_pct"] is not None else "") + ") : "
           f"{s['professionnels']} de professionnels de santé et {s['patients_entourage']} de patients et "
           f"familles/entourage ({pct(s['part_patients_entourage'])})."]
    if evp["n_1"]:
        out.append(f"Sollicitations de professionnels de santé : {signed(evp['delta'])} "
                   f"({pct(evp['delta_pct'], 2, sign=True)}) par rapport à {year - 1}.")
    modes = [f"{n} par {m.lower()}" for m, n in s["par_mode"].items() if n]
    if modes:
        out.append("Mode de sollicitation : " + ", ".join(modes) + ".")
    shares = sorted(((e["count"], name, e["share"]) for name, e in data["parts_demandeurs"].items() if e["count"]),
                    reverse=True)
    if shares:
        out.append("Part des demandeurs : " + " ; ".join(f"{name} {pct(share)} ({n})" for n, name, share in shares)
                   + f" (sur {s['total']} sollicitations).")
    return out


def _responses_sentences(data: dict) -> list[str]:
    items = sorted(((e["count"], name, e["share"]) for name, e in data["parts_reponses_professionnels"].items()
                    if e["count"]), reverse=True)
    if not items:
        return []
    return ["Réponses apportées aux professionnels : "
            + " ; ".join(f"{name} {pct(share, 0)} ({n})" for n, name, share in items) + "."]


def _orientation_charts(data: dict) -> list[Chart]:
    charts = []
    for group, entry in data["orientations"].items():
        if not entry["total"]:
            continue
        items = sorted(((e["count"], name, e["share"]) for name, e in entry["labels"].items() if e["count"]),
                       key=lambda x: (-x[0], x[1]))
        charts.append(Chart(f"Orientations proposées — {group} ({entry['total']})",
                            [name for _, name, _ in items], [round(share * 100, 1) for _, _, share in items]))
    return charts


def _meetings_table(key: str, title: str, rows: list[dict]) -> Table:
    return Table(key, title, ["Date", "Thème", "Lieu", "Organisateur", "Modalité", "Participants"],
                 [[r["date"][8:10] + "/" + r["date"][5:7] + "/" + r["date"][:4], r["theme"] or "–", r["lieu"] or "–",
                   r["organisateur"] or "–", r["modalite"], r["participants"]] for r in rows])


def pole_ressource_sections(data: dict) -> list[Section]:
    """The report's chapters, in the order of Héméra's report."""
    year = data["annee"]
    out = [
        Section("1. Les adhérents", key="adherents", sentences=[_growth_sentence(data)],
                tables=_tables(data, ["adherents_par_cpts", "adherents_par_cls"])),
        Section("2. Les sollicitations", key="sollicitations", sentences=_requests_sentences(data),
                tables=_tables(data, ["natures_par_demandeur", "natures_professionnels_par_cpts",
                                      "natures_patients_par_cpts", "sollicitations_par_demandeur_cpts",
                                      "sollicitations_par_demandeur_cls"])),
        Section("3. Les réponses apportées", key="reponses", sentences=_responses_sentences(data),
                tables=_tables(data, ["reponses_par_demandeur", "reponses_professionnels_par_cpts",
                                      "reponses_professionnels_par_cls"])),
        Section("4. Les orientations proposées", key="orientations", charts=_orientation_charts(data),
                sentences=[] if any(e["total"] for e in data["orientations"].values())
                else ["Aucune orientation enregistrée."]),
    ]
    dac = data["appui_dac"]
    out.append(Section(
        "5. Appui au DAC (mission II)", key="appui_dac",
        sentences=[f"{dac['sollicitations']} sollicitations des coordonnateurs de parcours du DAC en {year}."],
        tables=[Table("appui_dac", "Appui au DAC : réponses et territoire CPTS des patients", ["", "Nombre"],
                      [*[[f"Réponse : {k}", v] for k, v in dac["reponses"].items()],
                       *[[f"CPTS : {k}", v] for k, v in dac["par_cpts"].items() if v]])],
    ))
    out.append(Section(
        "6. Formations et rencontres territoriales", key="formations",
        sentences=[f"{len(data['formations'])} formations et {len(data['rencontres_territoriales'])} rencontres "
                   f"territoriales en {year}."],
        tables=[_meetings_table("formations", "Formations", data["formations"]),
                _meetings_table("rencontres", "Rencontres avec les CPTS et CLS", data["rencontres_territoriales"])],
    ))
    return out


def is_subtotal(label: str) -> bool:
    """Rows the renderers set in bold."""
    return label in (TOTAL, SUBTOTAL_PROS, SUBTOTAL_PATIENTS, GRAND_TOTAL)


def build(period: Period, scope: Scope, *, include_free_text: bool = False) -> dict:
    """The document's plain data (the requests of a year are not per pôle: scope is the association)."""
    from concerto.reports.chapters.advice import build_pole_ressource_report

    return build_pole_ressource_report(period.year)


def model(data: dict) -> DocumentModel:
    year = data["annee"]
    return DocumentModel(
        title=title_of(data), year=year, period_label=data["periode"], scope_name=data["perimetre"]["nom"],
        is_region=True, sections=pole_ressource_sections(data), document_key=data["rapport"],
        subtitle=f"Période du 01/01/{year} au 31/12/{year} — demandes d'avis, réponses, orientations et adhérents.",
    )


DOCUMENT = Document(
    key="pole-ressource", title=TITLE, build=build, model=model, per_pole=False,
    description="Le registre des sollicitations du pôle ressource et ses adhérents (tableaux 1 à 10).",
)
