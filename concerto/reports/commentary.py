"""Commentary generated from the figures: the sentences the seed reports write by hand.

« 87 Intervisions (-2) sur 21 pôles », shares with points, rank moves, « ex aequo », and the
2025 report's *analyse pôle par pôle*. Plain functions of the report's dict, in French; the
staff's own paragraphs (models.ReportComment) are added to or replace these per chapter.
"""

from __future__ import annotations

from .numbers import delta_text, half_up, ordinal, pct_text, points_text


def _d(current: int | None, previous: int | None) -> str:
    """« (+3) » / « (=) » / « » when N-1 is unknown."""
    text = delta_text(current, previous)
    return f" {text}" if text else ""


def _plural(n: int, one: str, many: str) -> str:
    return one if n in (0, 1) else many


def _avg(x: int, n: int) -> int | None:
    return half_up(x / n) if n else None


def general_analysis(report: dict) -> list[str]:
    """« Les chiffres des Intervisions en N »: pôles, Intervisions, visio, cas, participants…"""
    k, k1 = report["chiffres_cles"], report.get("chiffres_cles_n_1") or {}
    m = report["moyennes"]
    year = report["annee"]
    prev_rows = report.get("intervisions_par_pole_n_1") or []
    prev_avg = _avg(k1.get("intervisions", 0), len(prev_rows)) if prev_rows else None
    avg = half_up(m["intervisions_par_pole"]) if m["intervisions_par_pole"] is not None else None
    out = [f"{k['poles_actifs']} pôles{_d(k['poles_actifs'], k1.get('poles_actifs'))} ont organisé au moins "
           f"une Intervision en {year}."]
    if k["nouveaux_poles"]:
        out.append(f"{_plural(len(k['nouveaux_poles']), 'Nouveau pôle', 'Nouveaux pôles')} : "
                   f"{', '.join(k['nouveaux_poles'])}.")
    if k["poles_reactives"]:
        out.append(f"De nouveau actif{'s' if len(k['poles_reactives']) > 1 else ''} : "
                   f"{', '.join(k['poles_reactives'])}.")
    gone = sorted({r["pole"] for r in prev_rows} - {r["pole"] for r in report["intervisions_par_pole"]})
    if gone:
        out.append(f"Sans Intervision en {year} : {', '.join(gone)}.")
    text = f"{k['intervisions']} Intervisions{_d(k['intervisions'], k1.get('intervisions'))}"
    if avg is not None:
        text += f" avec un nombre moyen d'Intervisions par pôle de {avg}{_d(avg, prev_avg)}"
    out.append(text + ".")
    out.append(f"{k['intervisions_visio']} Intervisions{_d(k['intervisions_visio'], k1.get('intervisions_visio'))} "
               "réalisées en tout ou partie en visioconférence.")
    per = m["par_intervision"]["situations"]
    out.append(
        f"{k['situations']} situations de patient·e·s étudiées{_d(k['situations'], k1.get('situations'))}, "
        f"soit {half_up(per) if per is not None else '–'} en moyenne par Intervision ; elles concernent "
        f"{k['patients_distincts']} patient·e·s différent·e·s"
        f"{_d(k['patients_distincts'], k1.get('patients_distincts'))}."
    )
    out.append(
        f"{k['participants']} participant·e·s{_d(k['participants'], k1.get('participants'))}, dont "
        f"{k['participants_liberaux']} libéraux{_d(k['participants_liberaux'], k1.get('participants_liberaux'))} ; "
        f"{k['participants_distincts']} personnes différentes sur l'ensemble des pôles."
    )
    cats = report["intervisions_total"]["categories"]
    ranked = sorted(((c["participants"], name) for name, c in cats.items() if c["participants"]), reverse=True)
    if ranked:
        out.append("Par catégorie : " + ", ".join(f"{n} {name.lower()}" for n, name in ranked[:6]) + ".")
    out.append(
        f"{k['participations']} participations{_d(k['participations'], k1.get('participations'))}, dont "
        f"{k['participations_liberaux']} de libéraux"
        f"{_d(k['participations_liberaux'], k1.get('participations_liberaux'))} "
        f"({pct_text(k['part_liberaux_participations'])} "
        f"{points_text(k['part_liberaux_participations'], k1.get('part_liberaux_participations'))})."
        .replace(" )", ")")
    )
    out.append(f"{k['nouveaux_liberaux']} nouveaux libéraux{_d(k['nouveaux_liberaux'], k1.get('nouveaux_liberaux'))} "
               f"et {k['nouveaux_non_liberaux']} nouveaux non libéraux"
               f"{_d(k['nouveaux_non_liberaux'], k1.get('nouveaux_non_liberaux'))} participent pour la première "
               "fois à une Intervision.")
    out.append(f"{k['intervisions_avec_travailleurs_sociaux']} Intervisions avec au moins un·e travailleur·se social·e "
               f"présent·e ({pct_text(k['part_intervisions_avec_travailleurs_sociaux'])} des Intervisions).")
    return out


def pole_analysis(report: dict) -> list[tuple[str, list[str]]]:
    """« Analyse pôle par pôle »: each pôle's figures compared with N-1, as the 2025 report writes them."""
    year = report["annee"]
    prev = {r["pole"]: r for r in report.get("intervisions_par_pole_n_1") or []}
    out = []
    current = {r["pole"]: r for r in report["intervisions_par_pole"]}
    for name in sorted(set(current) | set(prev)):
        r, p = current.get(name), prev.get(name)
        if r is None:
            out.append((name, [f"Pas d'Intervision en {year} ({p['actions']} en {year - 1})."]))
            continue
        p = p or {}
        lib, plib = r["liberaux"], p.get("liberaux") or {}
        lines = [
            f"{r['actions']} {_plural(r['actions'], 'Intervision', 'Intervisions')}"
            f"{_d(r['actions'], p.get('actions'))} autour de {r['cas']} "
            f"{_plural(r['cas'], 'situation', 'situations')} de patient·e·s{_d(r['cas'], p.get('cas'))}, "
            f"réunissant {r['participants']} participant·e·s{_d(r['participants'], p.get('participants'))} dont "
            f"{lib['participants']} libéraux{_d(lib['participants'], plib.get('participants'))}, pour "
            f"{r['participations']} participations{_d(r['participations'], p.get('participations'))} dont "
            f"{lib['participations']} de libéraux{_d(lib['participations'], plib.get('participations'))}.",
        ]
        if not p:
            lines.append(f"Pas d'Intervision en {year - 1}.")
        new, pnew = r["nouveaux_liberaux"], p.get("nouveaux_liberaux")
        lines.append(f"{new} {_plural(new, 'nouveau libéral', 'nouveaux libéraux')}{_d(new, pnew)} et "
                     f"{r['nouveaux_non_liberaux']} {_plural(r['nouveaux_non_liberaux'], 'nouveau', 'nouveaux')} "
                     f"non {_plural(r['nouveaux_non_liberaux'], 'libéral', 'libéraux')}"
                     f"{_d(r['nouveaux_non_liberaux'], p.get('nouveaux_non_liberaux'))}.")
        if r["actions"]:
            s, s1 = _avg(r["cas"], r["actions"]), _avg(p.get("cas", 0), p.get("actions", 0)) if p else None
            pa, pa1 = (_avg(r["participations"], r["actions"]),
                       _avg(p.get("participations", 0), p.get("actions", 0)) if p else None)
            lines.append(f"En moyenne par Intervision : {s} {_plural(s, 'situation', 'situations')}{_d(s, s1)} "
                         f"et {pa} participations{_d(pa, pa1)}.")
        out.append((name, lines))
    return out


def _ex_aequo(label: str, rank: int, ranked: list[tuple[str, dict]]) -> str:
    others = [other for other, e in ranked if e["rank"] == rank and other != label and e["count"]]
    return f", ex aequo avec « {' », « '.join(others)} »" if others else ""


def distribution_lines(rep: dict, noun: str, limit: int = 8) -> list[str]:
    """Ranked labels with share, points and rank move: « 2. « Coordination du parcours » : 13 %
    des motifs (+4 points), passe du 5e au 2e rang. » Equal shares are « ex aequo »."""
    ranked = sorted(rep["labels"].items(), key=lambda x: (x[1]["rank"], x[0]))
    out = []
    for label, e in ranked[:limit]:
        if not e["count"]:
            continue
        text = f"{ordinal(e['rank'])} : « {label} », {pct_text(e['share'])} {noun}"
        prev = e.get("previous")
        if e.get("new"):
            text += " (nouveau libellé)"
        elif prev:
            pts = points_text(e["share"], prev["share"])
            move = ""
            if prev.get("rank") is not None and prev["rank"] != e["rank"]:
                move = f", passe du {ordinal(prev['rank'])} au {ordinal(e['rank'])} rang"
            elif prev.get("rank") == e["rank"]:
                move = ", même rang"
            text += f" {pts}{move}" if pts else move
        out.append(text + _ex_aequo(label, e["rank"], ranked) + ".")
    return out
