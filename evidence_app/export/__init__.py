"""Bound evidence volumes: plan, convert, render, bind, batch (no Qt here).

The calls a face (CLI or window) needs::

    from evidence_app.export import BatchOptions, plan_batch, compile_batch, locate
    plan = plan_batch(archive, BatchOptions(by="requirement"))          # --dry-run
    result = compile_batch(archive, out_dir, BatchOptions(jobs=2), progress=on_progress,
                           volume_progress=on_volume, cancel=token)     # raises Cancelled
    places = locate(archive, doc_id)                                     # where it is bound
    volume_file(places[0], out_dir)                                      # its volume's file
    find_volume_file(archive, places[0])              # that file wherever the batch went

Conversions outside a compile land in the cache the compile reads: ``prepare_for_preview``
(one document, for the window's preview), ``convert_pending`` (after an import, on every
core; ``pending_conversions`` is its queue) and ``converted_pdf`` (what is already there).

Layout values live in :mod:`settings` (``LayoutSettings``); a user's order of a volume's
documents is stored with :func:`evidence_app.archive.volumes.set_manual_order`
(``planned_order`` gives a volume's documents in the order it binds them), and links between
documents (``evidence_app.archive.link_documents``) keep linked papers together.
"""

from .batch import (BatchOptions, BatchResult, compile_batch, converted_pdf, default_jobs,
                    find_volume_file, locate, plan_batch, prepare_for_preview, volume_file)
from .convert import (ConversionReport, convert_pending, pending_conversions,
                      retry_failed_conversions)
from .listing import list_heading, print_document_list, write_document_list
from .plan import Plan, PlannedVolume, plan_volumes, planned_order
from .settings import DEFAULT_LAYOUT, LayoutSettings

__all__ = ["BatchOptions", "BatchResult", "compile_batch", "ConversionReport",
           "convert_pending", "pending_conversions", "retry_failed_conversions", "converted_pdf",
           "default_jobs", "find_volume_file", "locate", "plan_batch", "prepare_for_preview",
           "volume_file", "list_heading", "print_document_list", "write_document_list", "Plan",
           "PlannedVolume", "plan_volumes", "planned_order", "DEFAULT_LAYOUT", "LayoutSettings"]
