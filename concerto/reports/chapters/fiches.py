"""The fiche's distributions with ranks and deltas vs N-1 (C.7–C.17) and their crossings."""

from __future__ import annotations

from collections import defaultdict

from concerto.nomenclatures.models import ListKey

from ..numbers import ratio
from ..scope import Period, Scope
from .data import MULTI_FIELDS, REPARTITION_SINGLE_FIELDS, ReportData, _data

# ---------------------------------------------------------------------------------------------
# Distributions with ranks and deltas vs N-1 (C.7–C.17)
# ---------------------------------------------------------------------------------------------


def resolve_label(d: ReportData, label_id: int, year: int) -> int:
    """The label a (possibly retired or renamed) label counts as in `year`, through maps_to."""
    seen = set()
    lab = d.labels[label_id]
    while not lab.is_valid_in(year) and lab.maps_to_id and lab.pk not in seen:
        seen.add(lab.pk)
        lab = d.labels[lab.maps_to_id]
    return lab.pk


def _ranks(shares: dict, keys: list) -> dict:
    """Competition ranks by share, descending (equal shares are ex aequo)."""
    ordered = sorted(keys, key=lambda k: -(shares[k] or 0))
    ranks, prev_share, prev_rank = {}, None, 0
    for i, k in enumerate(ordered, start=1):
        share = shares[k] or 0
        rank = prev_rank if share == prev_share else i
        ranks[k], prev_share, prev_rank = rank, share, rank
    return ranks


def _counts(d: ReportData, key: str) -> tuple[str, dict, int, int]:
    """(type, {label_id or None: count}, denominator, empty situations) of one fiche field."""
    for k, field, _ in MULTI_FIELDS:
        if k == key:
            counts = {r["label_id"]: r["n"] for r in d.multi(field)}
            return "multi", counts, sum(counts.values()), d.situation_totals[f"vide_{key}"]
    for k, field, _ in REPARTITION_SINGLE_FIELDS:
        if k == key:
            counts = {r["label_id"]: r["n"] for r in d.single(field)}
            empty = counts.pop(None, 0)
            return "single", counts, d.situation_totals["situations"], empty
    raise KeyError(key)


def repartition(
    key: str, period: Period | ReportData | int, scope: Scope | None = None, previous: ReportData | None = None
) -> dict:
    """Counts, shares, ranks of one fiche field, with deltas and rank moves vs N-1.

    Multi-choice: share = ticks of the label / all ticks of the field. Single-choice: share =
    situations / situations. Empty fields are reported apart (`situations_vides`) from an
    explicit « Non renseigné » label. N-1 counts are mapped onto N's labels through
    Label.maps_to; a label that did not exist in N-1 (and nothing maps to) is `new`.
    """
    d = _data(period, scope)
    year = d.period.year
    list_key = next(lk for k, _, lk in MULTI_FIELDS + REPARTITION_SINGLE_FIELDS if k == key)
    kind, counts, denominator, empty = _counts(d, key)
    labels = [lab for lab in d.labels_of(list_key) if lab.is_valid_in(year) or lab.pk in counts]
    shares = {lab.pk: ratio(counts.get(lab.pk, 0), denominator) for lab in labels}
    ranks = _ranks(shares, [lab.pk for lab in labels])

    prev = {}
    if previous is not None:
        _, pcounts, pden, pempty = _counts(previous, key)
        mapped: dict[int, int] = defaultdict(int)
        for pk, n in pcounts.items():
            mapped[resolve_label(d, pk, year)] += n
        existed = {
            lab.pk
            for lab in labels
            if lab.is_valid_in(previous.period.year)
            or any(
                resolve_label(d, other.pk, year) == lab.pk and other.is_valid_in(previous.period.year)
                for other in d.labels_of(list_key)
            )
            or mapped.get(lab.pk)
        }
        pshares = {pk: ratio(n, pden) for pk, n in mapped.items()}
        pranks = _ranks(pshares, list(pshares)) if pshares else {}
        for lab in labels:
            if lab.pk in existed:
                prev[lab.pk] = {
                    "count": mapped.get(lab.pk, 0),
                    "share": pshares.get(lab.pk, ratio(0, pden)),
                    "rank": pranks.get(lab.pk),
                }
    out_labels = {}
    for lab in labels:
        count, share = counts.get(lab.pk, 0), shares[lab.pk]
        entry = {"count": count, "share": share, "rank": ranks[lab.pk]}
        if previous is not None:
            p = prev.get(lab.pk)
            entry["new"] = p is None
            if p is not None:
                entry["previous"] = p
                entry["delta_count"] = count - p["count"]
                entry["delta_points"] = (
                    None if share is None or p["share"] is None else round((share - p["share"]) * 100, 2)
                )
                entry["rank_move"] = None if p["rank"] is None else p["rank"] - ranks[lab.pk]
        out_labels[lab.label] = entry
    out = {"type": kind, "situations_vides": empty, "labels": out_labels}
    if kind == "multi":
        out["total_labels"] = denominator
    else:
        out["situations"] = denominator
    return out


def repartitions(
    period: Period | ReportData | int, scope: Scope | None = None, previous: ReportData | None = None
) -> dict:
    d = _data(period, scope)
    return {key: repartition(key, d, previous=previous) for key, _, _ in MULTI_FIELDS + REPARTITION_SINGLE_FIELDS}


def demandeurs_groupes(period: Period | ReportData | int, scope: Scope | None = None, previous=None) -> dict:
    """The four requester groups (Label.group): share = sum of member ticks / all ticks."""
    d = _data(period, scope)

    def groups(data: ReportData) -> dict:
        _, counts, total, _ = _counts(data, "demandeurs")
        out: dict[str, int] = {}
        for lab in d.labels_of(ListKey.DEMANDEUR):
            if lab.is_valid_in(data.period.year) or lab.pk in counts:
                out.setdefault(lab.group or lab.label, 0)
        for pk, n in counts.items():
            lab = d.labels[resolve_label(d, pk, d.period.year)]
            out[lab.group or lab.label] = out.get(lab.group or lab.label, 0) + n
        return {g: {"count": n, "share": ratio(n, total)} for g, n in out.items()}

    cur = groups(d)
    if previous is not None:
        prev = groups(previous)
        for g, cell in cur.items():
            if g in prev:
                cell["previous"] = prev[g]
                if cell["share"] is not None and prev[g]["share"] is not None:
                    cell["delta_points"] = round((cell["share"] - prev[g]["share"]) * 100, 2)
    return cur


def demandeurs_x_motifs(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Ticks (situation, requester, motif), per requester label and per requester group."""
    d = _data(period, scope)
    motifs = [lab.label for lab in d.labels_of(ListKey.MOTIF) if lab.is_valid_in(d.period.year)]
    by_label: dict[str, dict[str, int]] = {}
    by_group: dict[str, dict[str, int]] = {}
    for lab in d.labels_of(ListKey.DEMANDEUR):
        if lab.is_valid_in(d.period.year):
            by_label[lab.label] = dict.fromkeys(motifs, 0)
            by_group.setdefault(lab.group or lab.label, dict.fromkeys(motifs, 0))
    for r in d.demandeurs_x_motifs:
        dem, mot = d.labels[r["label_id"]], d.labels[r["motif_id"]].label
        by_label.setdefault(dem.label, dict.fromkeys(motifs, 0))
        by_label[dem.label][mot] = by_label[dem.label].get(mot, 0) + r["n"]
        group = by_group.setdefault(dem.group or dem.label, dict.fromkeys(motifs, 0))
        group[mot] = group.get(mot, 0) + r["n"]
    top = {
        g: [m for m, n in sorted(cells.items(), key=lambda x: -x[1]) if n][:3] for g, cells in by_group.items()
    }
    return {"par_demandeur": by_label, "par_groupe": by_group, "principaux_motifs_par_groupe": top}


def problematiques_combinaisons(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Sets of problématiques per situation: distinct combinations, single-problématique patients."""
    d = _data(period, scope)
    by_bit = {bit: d.labels[pk].label for pk, bit in d.problematique_bits.items()}
    situations = sum(r["n"] for r in d.problematique_combinations)
    single = {label: 0 for label in by_bit.values()}
    combinations = 0
    for r in d.problematique_combinations:
        sig = r["sig"] or 0
        if sig:
            combinations += 1
        if sig and sig & (sig - 1) == 0:
            single[by_bit[sig]] += r["n"]
    n_single = sum(single.values())
    return {
        "combinaisons_distinctes": combinations,
        "situations_une_seule": n_single,
        "part_une_seule": ratio(n_single, situations),
        "une_seule_par_problematique": {
            k: {"count": v, "share": ratio(v, situations)} for k, v in single.items()
        },
    }


def restitution_x_demandeur(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Each situation with both filled: each ticked requester adds one to the restitutor's column."""
    d = _data(period, scope)
    year = d.period.year
    restit = [lab.label for lab in d.labels_of(ListKey.RESTITUTEUR) if lab.is_valid_in(year)]
    table = {
        lab.label: dict.fromkeys(restit, 0) for lab in d.labels_of(ListKey.DEMANDEUR) if lab.is_valid_in(year)
    }
    for r in d.demandeurs_x_restitution:
        row = table.setdefault(d.labels[r["label_id"]].label, dict.fromkeys(restit, 0))
        col = d.labels[r["restituteur_id"]].label
        row[col] = row.get(col, 0) + r["n"]
    return {"table": table}
