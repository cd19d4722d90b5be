"""Stage 3, checks: the whole course → diagnostics; nothing is changed.

In: a parsed ``Course``. Out: diagnostics. ``course`` holds the cross-module rules (ids,
completion, pass marks, SCORM limits), ``items`` the item-writing checks, ``timing`` the time
estimate, ``state`` the suspend_data layout and its budget, ``words`` the one way words are
counted. ``render`` reuses ``timing`` and ``state`` so a package says what the checks measured.
"""
