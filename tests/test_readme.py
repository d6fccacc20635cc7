"""The README's rule table lists every rule with its current name and severity."""

import re

from asllint import plugins
from tests.conftest import ROOT


def test_readme_rule_table_is_complete():
    text = (ROOT / "README.md").read_text()
    table = text[text.index("<!-- rules-table"):text.index("<!-- end rules-table -->")]
    rows = {m.group(1): (m.group(2), m.group(3)) for m in re.finditer(r"^\| \[(\w+)\]\(rules/[^)]+\) \| ([\w-]+) \| (\w+) \|", table, re.M)}
    expected = {r.code: (r.name, r.severity) for r in plugins.all_rules().values() if not r.code.startswith("XYZ")}
    assert rows == expected


def test_every_rule_has_its_doc():
    docs = {p.name for p in (ROOT / "rules").glob("*.md")}
    missing = [f"{r.code}-{r.name}.md" for r in plugins.all_rules().values()
               if r.code.startswith(("ASL", "EB")) and f"{r.code}-{r.name}.md" not in docs]
    assert missing == []
