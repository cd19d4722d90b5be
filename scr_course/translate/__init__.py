"""Translations: one course source, packages in several languages.

In: the ``SourceTree`` and ``CourseConfig`` of ``source``. Out: XLIFF 2.0 documents
(``export xliff``), the course's ``locale/<lang>.xliff`` (``import xliff``), and, for a build in
another language, the same tree and config with the translated texts put in place before parsing
(``course.translate_tree``), plus ``translation.*`` diagnostics. ``segments`` finds the
translatable texts of a Markdown file; ``inline`` maps bold, italics, links and code to XLIFF
inline codes; ``xliff`` reads and writes the documents.
"""
