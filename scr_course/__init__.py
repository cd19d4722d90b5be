"""scr-course: compile Markdown e-learning courses into SCORM 1.2, SCORM 2004 and cmi5 packages.

The pipeline lives in ``scr_course.pipeline``; docs/architecture.md maps the folders.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
