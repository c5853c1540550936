"""manage.py import_articles FILE… — import articles in the plain-text format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims import services
from claims.services.imports import ImportRefused, import_article_file


class Command(BaseCommand):
    help = (
        "Import articles from UTF-8 text files: an optional 'date YYYY-MM-DD' header, then the "
        "body. Each file imports whole or not at all; a text already imported is skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--outlet", default="", help="Name of the outlet that published them.")

    def handle(self, *args: Any, files: list[Path], outlet: str, **options: Any) -> None:
        publisher = services.outlet_find_or_create(outlet)
        refused = 0
        for path in files:
            try:
                result = import_article_file(path, outlet=publisher)
            except ImportRefused as error:
                refused += 1
                self.stderr.write(f"{path}: refused: {error}")
                continue
            verb = "imported as" if result.created else "already imported as"
            self.stdout.write(
                f"{path}: {verb} article #{result.article.pk} “{result.article.title}”"
            )
        if refused:
            raise CommandError(
                f"{refused} of {len(files)} file(s) refused; nothing was imported from them."
            )
