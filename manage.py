#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    # manage.py is the developer's entry point: DEBUG (and its development
    # key) unless DJANGO_DEBUG says otherwise. The web process (wsgi/asgi)
    # has no such default and refuses to start without a real secret key.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
