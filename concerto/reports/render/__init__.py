"""Renderings of the report data (build_report's dict): XLSX, DOCX, PDF, charts, sentences.

Every renderer takes the same dict and shows the same numbers; the rounding of documents
(half up, whole percentages) is in concerto.reports.numbers.
"""
