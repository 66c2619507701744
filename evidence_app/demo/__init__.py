"""A deterministic, realistic demo: the pilot's catalogue and thousands of evidence files
(Word, PDF, scans, photos, workbooks, 台账), built into an archive by ``build_demo_archive``.

``generate_demo_material`` writes the files and returns what it wrote (the truth the tests
and benchmarks compare against); the same seed gives the same bytes.
"""

from .build import build_demo_archive
from .generate import generate_demo_material

__all__ = ["build_demo_archive", "generate_demo_material"]
