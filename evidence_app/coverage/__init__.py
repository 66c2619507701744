"""Coverage: which requirements have their evidence, roll-ups, dated views and reports.

The model (``model``) is headless and is what the window's coverage view and the
``evidence-app coverage`` command both use; ``rollup`` gives each catalogue node its count
and colour (the window's catalogue tree); ``xlsx`` and ``docx`` write the reports.
"""

from .model import (COMPLETE, NONE, PARTIAL, STATUS_LABELS, STATUSES, Coverage, CoverageChange,
                    MechanismCoverage, RequirementChange, RequirementCoverage, Rollup, compare,
                    coverage, coverage_as_of, coverage_change, parse_day, requirement_status)
from .docx import write_chase_list_docx
from .rollup import node_counts, rollup_status
from .xlsx import write_coverage_xlsx

__all__ = ["COMPLETE", "NONE", "PARTIAL", "STATUS_LABELS", "STATUSES", "Coverage",
           "CoverageChange", "MechanismCoverage", "RequirementChange", "RequirementCoverage",
           "Rollup", "compare", "coverage", "coverage_as_of", "coverage_change", "parse_day",
           "requirement_status", "node_counts", "rollup_status", "write_chase_list_docx",
           "write_coverage_xlsx"]
