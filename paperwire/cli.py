"""The ``paperwire`` console script: every management command, under one name.

``paperwire ingest hf-daily PATH`` is ``manage.py ingest hf-daily PATH``;
``paperwire serve`` starts the web server and the worker together.
"""

from __future__ import annotations

import os
import sys

# Neither import reads the settings: DJANGO_SETTINGS_MODULE is only looked
# up when the command runs, so main() can still choose it first.
from django.core.management import execute_from_command_line

from paperwire.lib.env import SettingError


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paperwire.settings")
    try:
        execute_from_command_line(["paperwire", *sys.argv[1:]])
    except SettingError as exc:
        sys.stderr.write(f"paperwire: configuration error: {exc}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
