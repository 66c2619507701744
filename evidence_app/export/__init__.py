"""Bound evidence volumes: plan, convert, render, bind, batch (no Qt here).

The calls a face (CLI or window) needs::

    from evidence_app.export import BatchOptions, plan_batch, compile_batch, locate
    plan = plan_batch(archive, BatchOptions(by="requirement"))          # --dry-run
    result = compile_batch(archive, out_dir, BatchOptions(jobs=2), progress=on_progress,
                           volume_progress=on_volume, cancel=token)     # raises Cancelled
    places = locate(archive, doc_id)                                     # where it is bound

Layout values live in :mod:`settings` (``LayoutSettings``); a user's order of a volume's
documents is stored with :func:`evidence_app.archive.volumes.set_manual_order`.
"""

from .batch import BatchOptions, BatchResult, compile_batch, default_jobs, locate, plan_batch
from .plan import Plan, PlannedVolume, plan_volumes
from .settings import DEFAULT_LAYOUT, LayoutSettings

__all__ = ["BatchOptions", "BatchResult", "compile_batch", "default_jobs", "locate",
           "plan_batch", "Plan", "PlannedVolume", "plan_volumes", "DEFAULT_LAYOUT",
           "LayoutSettings"]
