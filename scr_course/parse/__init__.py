"""Stage 2, parse: decoded files → the course model, plus diagnostics.

In: the ``SourceTree``, source files and ``CourseConfig`` of ``source``. Out: a ``Course``
(model/) and diagnostics at ``path:line``. ``course`` outlines every file, converts it with the
rules in ``markdown/`` (one per block kind, all sharing ``markdown/context``) and caches each
file's result; ``source_warnings`` reports what Markdown would silently show as text.
"""
