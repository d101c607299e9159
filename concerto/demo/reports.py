"""The staff's commentary of the last complete year's annual report (reports.ReportComment):
one paragraph added after the generated analysis, written by a staff member, with its history."""

from __future__ import annotations

import datetime as dt

from concerto.accounts.models import User
from concerto.reports.models import ReportComment

COMMENT = (
    "L'année a été marquée par l'ouverture de nouveaux pôles et par le développement des "
    "Intervisions en visioconférence, qui ont permis à des professionnels éloignés de participer. "
    "L'équipe poursuivra en {next_year} l'effort d'invitation des médecins traitants, dont la présence "
    "reste la clé de la continuité des soins."
)


def build_demo_report_comments(today: dt.date) -> dict[str, int]:
    """One staff paragraph in the « Analyse générale » of last year's regional report."""
    year = today.year - 1
    author = User.objects.filter(role="staff").order_by("pk").first()
    ReportComment.objects.update_or_create(
        document="annual", year=year, pole=None, chapter="analyse_generale",
        defaults={"mode": ReportComment.Mode.ADD, "text": COMMENT.format(next_year=year + 1), "updated_by": author},
    )
    return {"commentaires de rapport": ReportComment.objects.count()}


def wipe() -> None:
    ReportComment.objects.all().delete()
    ReportComment.history.all().delete()
