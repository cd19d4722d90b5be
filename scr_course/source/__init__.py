"""Stage 1, source: the course folder → decoded files and settings.

In: a folder on disk. Out: a ``SourceTree`` (the inventory of course files, never the output
folder), decoded ``SourceFile``s, and the ``CourseConfig`` read from course.yml with its theme
and interface strings. This is the only stage besides ``package`` and ``preview`` that reads the
disk. ``yamlnodes`` keeps YAML line numbers; ``media`` reads image, SVG and WebVTT headers.
"""
