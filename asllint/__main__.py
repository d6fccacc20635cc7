import os
import sys

# `python -m asllint` puts the current directory first on sys.path, usually the root of the
# repository being linted: no module of that repository may be imported as a plugin or in place
# of one (pip's __main__ does the same). The console script never adds it.
try:
    _here = os.getcwd()
except OSError:  # the current directory was removed
    _here = ""
if sys.path and sys.path[0] in ("", _here):
    sys.path.pop(0)

from asllint.cli import main  # noqa: E402 - after the sys.path fix, on purpose

raise SystemExit(main())
