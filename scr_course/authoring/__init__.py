"""Commands for authors, beside the pipeline: ``new course``, ``new module``, the course.yml schema and ``summary``.

In: a title or a course folder (``summary`` takes a parsed ``Course``). Out: new files on disk,
a JSON schema or a table. They read from ``source``, ``parse`` and ``checks``; no stage imports them.
"""
