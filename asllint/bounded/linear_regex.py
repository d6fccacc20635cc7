"""Matching that never backtracks: regular expressions under RE2, and StringMatches globs.

A definition controls both the pattern and, often, the text (`/^(a+)+$/` against
`'aaaa...b'`): Python's `re` backtracks on such patterns for hours. Every regular expression a
simulation runs (JSONata regex literals, the JSONPath filter operator `=~`) goes through
`LinearPattern`, which compiles the pattern with RE2 (`google-re2`, maintained by Google, whose
automaton matches in time linear in the text). RE2 is imported on the first match only: linting
never needs it. A pattern RE2 cannot express (backreferences, lookaround) raises
`UnsupportedPattern` with the reason, and the budget notes it, so that a confirmation that met
one says `unknown` instead of drawing a verdict from a failure AWS would not have.

Each call counts one step of the simulation's budget, and substitutions are size-checked as they
are built (`$replace` of every character by a 200 KiB string would need gigabytes).
"""

from __future__ import annotations

import re

from asllint.bounded import budget


class UnsupportedPattern(ValueError):
    """RE2 cannot run this pattern (a backreference, lookaround, ...)."""


class LinearPattern:
    """The `re.Pattern` subset jsonata-python and the JSONPath filter use: search, fullmatch,
    finditer, sub, split; compiled by RE2 on first use."""

    __slots__ = ("source", "flags", "_compiled")

    def __init__(self, source: str, flags: str = ""):
        self.source = source
        self.flags = flags  # letters: i (ignore case), m (multiline), s (dot matches newline)
        self._compiled = None

    def __repr__(self) -> str:
        return f"LinearPattern({self.source!r})"

    def _pattern(self):
        budget.tick()
        if self._compiled is None:
            self._compiled = _compile_re2(self.source, self.flags)
        return self._compiled

    @property
    def groups(self) -> int:
        return self._pattern().groups

    def search(self, string: str):
        return self._pattern().search(string)

    def fullmatch(self, string: str):
        return self._pattern().fullmatch(string)

    def finditer(self, string: str):
        for found in self._pattern().finditer(string):
            budget.tick()
            yield found

    def split(self, string: str, maxsplit: int = 0):
        return self._pattern().split(string, maxsplit)

    def sub(self, repl, string: str, count: int = 0) -> str:
        """Like `re.sub`, with `\\g<n>` templates; grows the result only within the budget."""
        pattern = self._pattern()
        if isinstance(repl, str):
            template = _parse_template(repl, pattern.groups)
            expand = lambda found: "".join(  # noqa: E731
                piece if isinstance(piece, str) else (found.group(piece) or "")
                for piece in template)
        else:
            expand = repl
        pieces, size, last = [], 0, 0
        for number, found in enumerate(self.finditer(string), start=1):
            replacement = expand(found)
            pieces.append(string[last:found.start()])
            pieces.append(replacement)
            size += found.start() - last + len(replacement)
            budget.check_length(size, "the result of a regular-expression replacement")
            last = found.end()
            if count and number >= count:
                break
        pieces.append(string[last:])
        return "".join(pieces)


_GROUP_REFERENCE = re.compile(r"\\g<(\d+)>")


def _parse_template(repl: str, groups: int) -> list:
    """`\\g<n>` references -> group numbers; the rest stays text, backslashes included, as in
    JavaScript (jsonata-python writes `$1` as `\\g<1>` before calling `sub`). A reference to a group the
    pattern lacks raises the error text `re` uses, which jsonata-python's replace reads to retry
    with a shorter group number (JavaScript reads `$12` as `$1` then `2`)."""
    pieces, last = [], 0
    for ref in _GROUP_REFERENCE.finditer(repl):
        number = int(ref.group(1))
        if number > groups:
            raise re.error(f"invalid group reference {number} at position {ref.start() + 1}")
        pieces.append(repl[last:ref.start()])
        pieces.append(number)
        last = ref.end()
    pieces.append(repl[last:])
    return pieces


def _compile_re2(source: str, flags: str):
    import re2  # deferred: only a simulation that runs a regular expression needs it

    unknown = "".join(sorted(set(flags) - set("ims")))
    if unknown:
        _unsupported(source, f"the flag {unknown!r} is not supported")
    options = re2.Options()
    options.log_errors = False  # RE2 would print its parse errors on standard error
    try:
        return re2.compile(f"(?{flags}){source}" if flags else source, options)
    except re2.error as problem:
        detail = problem.args[0] if problem.args else problem
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        _unsupported(source, f"{detail}; backreferences and lookaround are not supported")


def _unsupported(source: str, detail: str):
    reason = f"the regular expression /{source}/ cannot run in linear time ({detail})"
    budget.note(reason)
    raise UnsupportedPattern(reason)


def glob_match(pattern: str, text: str) -> bool:
    """ASL `StringMatches`: `*` matches any run of characters, `\\*` a literal star and `\\\\` a
    backslash (spec section 8). Without backtracking: the literal pieces between stars are found
    left to right, each at its first occurrence, which is optimal for `*`-only globs; the work is
    linear in the text for each piece."""
    pieces, current, i = [], [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern) and pattern[i + 1] in "*\\":
            current.append(pattern[i + 1])
            i += 2
            continue
        if char == "*":
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    pieces.append("".join(current))
    if len(pieces) == 1:
        return text == pieces[0]
    first, *middle, last = pieces
    if len(first) + len(last) > len(text) or not text.startswith(first) or not text.endswith(last):
        return False
    position, end = len(first), len(text) - len(last)
    for piece in middle:
        found = text.find(piece, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True
