"""Which chapters make which document: the registry every renderer and page reads.

A `Document` says how to compute its plain data for a period and scope (`build`: the JSON of
the document, a dict of the chapters' tables) and how to lay that data out as the shared
document model (`model`: sections of paragraphs, tables and charts, render/sections.py). The
renderers (web page, XLSX, DOCX, PDF; JSON is the plain data itself) take any registered
document, so a new document is one `register(Document(...))` call and no renderer change.

Register a document from its own module, imported by `register_builtin_documents()` below
(add one line there) or from the AppConfig.ready() of the app that owns it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .scope import Period, Scope

if TYPE_CHECKING:
    from .render.sections import DocumentModel

DEFAULT_DOCUMENT = "annual"


@dataclass(frozen=True)
class Document:
    """One document the association publishes.

    key: its identifier (URLs, `activity_report --report KEY`); title: its French name;
    build(period, scope, include_free_text=...) -> plain-data dict carrying at least `annee`,
    `periode` and `perimetre` ({"nom", "region", "poles"}); model(data) -> DocumentModel.
    per_pole: whether a pôle's version exists (the per-pôle evaluation of the annual report).
    """

    key: str
    title: str
    build: Callable[..., dict]
    model: Callable[[dict], DocumentModel]
    per_pole: bool = True
    description: str = ""

    def data(self, period: Period | int, scope: Scope | None = None, *, include_free_text: bool = False,
             cached: bool = True) -> dict:
        """The plain data, computed once per data version (cache.py) unless `cached` is False."""
        from .cache import cached_figures

        period = period if isinstance(period, Period) else Period(period)
        scope = scope or Scope.region()
        if not cached:
            return self.build(period, scope, include_free_text=include_free_text)
        return cached_figures(self, period, scope, include_free_text=include_free_text)

    def document_model(self, data: dict, scope: Scope | None = None) -> DocumentModel:
        """The layout of the data, with the staff's commentary of its chapters for that year and scope."""
        model = self.model(data)
        apply_comments(model, self.key, data.get("annee"), scope or Scope.region())
        return model


_REGISTRY: dict[str, Document] = {}


def register(document: Document) -> Document:
    """Add (or replace, e.g. in tests) a document in the registry."""
    _REGISTRY[document.key] = document
    return document


def unregister(key: str) -> None:
    """Remove a document (tests that register one of their own)."""
    _REGISTRY.pop(key, None)


def get_document(key: str | None) -> Document:
    """The registered document of that key; a French message naming the known ones otherwise."""
    register_builtin_documents()
    key = key or DEFAULT_DOCUMENT
    try:
        return _REGISTRY[key]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise KeyError(f"Document inconnu : « {key} ». Documents : {known}.") from None


def all_documents() -> list[Document]:
    register_builtin_documents()
    return list(_REGISTRY.values())


def apply_comments(model: DocumentModel, document: str, year: int | None, scope: Scope) -> None:
    """The staff's paragraphs (models.ReportComment) into their chapters: after the generated
    sentences, or in their place."""
    from .models import ReportComment
    from .render.sections import Paragraph

    if year is None or (scope.pole_ids is not None and len(scope.pole_ids) != 1):
        return
    comments = ReportComment.objects.filter(document=document, year=year)
    comments = comments.filter(pole__isnull=True) if scope.is_region else comments.filter(pole_id=scope.pole_ids[0])
    by_chapter = {c.chapter: c for c in comments}
    if not by_chapter:
        return
    for section in model.sections:
        comment = by_chapter.get(section.key)
        if comment is None:
            continue
        if comment.mode == ReportComment.Mode.REPLACE:
            section.sentences = []
            section.paragraphs = [p for p in section.paragraphs if p.style != "text"]
        section.comments.append(Paragraph(comment.text, "commentary"))


def _regional_values(region: dict) -> dict:
    """What a pôle's evaluation shows of the region beside its own figures: aggregates only,
    never another pôle's name or figure (its reader may be the coordinator of that pôle alone)."""
    key_figures = {k: v for k, v in region["chiffres_cles"].items() if not isinstance(v, list)}
    averages = region["moyennes"]
    return {
        "chiffres_cles": key_figures,
        "repartitions": region["repartitions"],
        "moyennes": {"par_intervision": averages["par_intervision"],
                     "intervisions_par_pole": averages["intervisions_par_pole"]},
    }


def _annual_build(period: Period, scope: Scope, *, include_free_text: bool = False) -> dict:
    from .tables import build_report

    data = build_report(period, scope, include_free_text=include_free_text)
    if not scope.is_region:
        # The per-pôle evaluation document: the regional value beside each figure (cached).
        region = get_document(DEFAULT_DOCUMENT).data(period, Scope.region())
        data["region"] = _regional_values(region)
    return data


def _annual_model(data: dict) -> DocumentModel:
    from .render.sections import annual_model

    return annual_model(data)


def _actions_build(period: Period, scope: Scope, *, include_free_text: bool = False) -> dict:
    from .chapters.actions import build_actions_report

    return build_actions_report(period.year)


def _actions_model(data: dict) -> DocumentModel:
    from .render.actions import actions_model

    return actions_model(data)


_builtin_done = False


def register_builtin_documents() -> None:
    """The documents of this app, registered once (lazily: no import cycle with the chapters)."""
    global _builtin_done
    if _builtin_done:
        return
    _builtin_done = True
    register(Document(
        key=DEFAULT_DOCUMENT,
        title="Rapport d'activité annuel",
        build=_annual_build,
        model=_annual_model,
        description="Les Intervisions, les fiches de suivi et les indicateurs CPOM de l'année ; "
                    "pour un pôle, son évaluation annuelle.",
    ))
    register(Document(
        key="actions-cpom",
        title="Bilan des actions CPOM",
        build=_actions_build,
        model=_actions_model,
        per_pole=False,
        description="Par axe, les actions CPOM de l'année : heures de travail, équivalents temps plein, "
                    "indicateurs, évaluations et perspectives.",
    ))
