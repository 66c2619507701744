"""Intake: everything that turns a file on disk into the archive's documents.

Sniffing a file's kind, one reader per kind (PDF, Word, text, image, workbook, office formats
through LibreOffice), the sandbox that runs readers in worker processes, the recognisers of
文号, dates, 责任者 and titles, and the import pipeline. Search (`indexing`) and volumes
(`export`) both read files through this package, so a file has one text and one rendering.
"""
