"""The bounds asllint holds every input file to (README, Limits): asllint's own limits, not AWS
quotas (those are in `asllint.asl.quotas`). JSON and YAML readers, standard input and
`asllint simulate`'s inputs all read them from here."""

from __future__ import annotations

import sys

MAX_FILE_BYTES = 5 * 1024 * 1024  # a definition is at most 1 MB on AWS; templates are larger
MAX_DEPTH = 400                   # nesting levels, JSON and YAML alike
MAX_EXPANDED_NODES = 1_000_000    # YAML alias expansion, measured before anything is expanded


def integer_too_long(digits: int) -> str:
    """The message for an integer longer than int() converts from decimal text (JSON and YAML)."""
    return f"an integer has {digits:,} digits, more than the {sys.get_int_max_str_digits():,} asllint reads; not linted"
