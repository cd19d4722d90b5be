"""``python -m scr_course`` runs the CLI."""

from scr_course.cli import main

main()
