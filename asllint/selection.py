"""Which rules run: codes, prefixes and names in select / extend-select / ignore.

The most specific selector wins (an exact code or a name beats any prefix, a longer prefix beats
a shorter one, `ALL` is the least specific) and a tie goes to ignore. Rules that are off by
default (`default_enabled=False`) run only when named exactly or through `ALL`."""

from __future__ import annotations

EXACT = 1000


class SelectionError(ValueError):
    pass


def _specificity(selector: str, rule) -> int | None:
    if selector == "ALL":
        return 0
    if selector == rule.code or selector == rule.name:
        return EXACT
    if rule.code.startswith(selector):
        return len(selector)
    return None


def validate(selectors, rules) -> None:
    for s in selectors:
        if s == "ALL":
            continue
        if not any(_specificity(s, r) is not None for r in rules):
            raise SelectionError(f"unknown rule code, prefix or name: {s!r}")


def enabled_rules(rules: list, select=None, extend_select=(), ignore=()) -> list:
    """`select` None means the default selection."""
    validate(list(select or ()) + list(extend_select) + list(ignore), rules)
    out = []
    for r in rules:
        chosen = []
        if select is None:
            if r.default_enabled:
                chosen.append(1)  # the default set counts as a one-letter prefix
        else:
            chosen.extend(s for s in (_specificity(x, r) for x in select) if s is not None)
        chosen.extend(s for s in (_specificity(x, r) for x in extend_select) if s is not None)
        if not r.default_enabled:
            chosen = [s for s in chosen if s in (0, EXACT)]
        if not chosen:
            continue
        ignored = [s for s in (_specificity(x, r) for x in ignore) if s is not None]
        if ignored and max(ignored) >= max(chosen):
            continue
        out.append(r)
    return out


def split_list(value) -> list[str]:
    """A comma-separated string or a list, as given on the command line or in config."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    return [v.strip() for v in value if v and v.strip()]
