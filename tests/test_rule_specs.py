"""Every rules/*.md is a test: each Example block must produce exactly the findings block after
it, with only that rule enabled and no confirmation; each "Use instead" block must produce none.

Set ASLLINT_UPDATE_RULE_DOCS=1 to rewrite the expected blocks (then review the diff)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "rules"
# rules/ also holds its README.md, which says what the folder is: a rule doc is CODE-name.md.
RULE_DOC = re.compile(r"[A-Z]+[0-9]+-[a-z0-9-]+\.md")
FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```\n", re.S | re.M)
FRONT = re.compile(r"^---\n(.*?)\n---\n", re.S)


def parse_doc(text: str):
    """(front matter dict, [(section, lang, title, code, expected or None, span of expected)])"""
    m = FRONT.match(text)
    front = dict(line.split(": ", 1) for line in m.group(1).splitlines()) if m else {}
    blocks = []
    section = ""
    pos = 0
    fences = list(FENCE.finditer(text))
    for i, f in enumerate(fences):
        heads = re.findall(r"^## (.+)$", text[pos:f.start()], re.M)
        if heads:
            section = heads[-1].strip()
        pos = f.start()
        lang, info, body = f.group(1), f.group(2), f.group(3)
        if lang not in ("json", "yaml"):
            continue
        title = re.search(r'title="([^"]+)"', info)
        expected = None
        espan = None
        nxt = fences[i + 1] if i + 1 < len(fences) else None
        if nxt is not None and nxt.group(1) == "findings" and text[f.end():nxt.start()].strip() == "":
            expected = nxt.group(3)
            espan = (nxt.start(3), nxt.end(3))
        blocks.append((section, lang, title.group(1) if title else None, body, expected, espan))
    return front, blocks


def doc_files():
    return sorted(p for p in DOCS.glob("*.md") if RULE_DOC.fullmatch(p.name)) if DOCS.is_dir() else []


def test_rules_folder_holds_rule_docs_and_its_readme():
    assert {p.name for p in DOCS.glob("*.md")} - {p.name for p in doc_files()} == {"README.md"}


@pytest.mark.parametrize("doc", doc_files(), ids=lambda p: p.stem)
def test_rule_doc(doc: Path, lint):
    text = doc.read_text(encoding="utf-8")
    front, blocks = parse_doc(text)
    code = front.get("code")
    assert code and doc.name.startswith(code + "-"), f"{doc.name}: front matter code must match the file name"
    assert doc.name == f"{code}-{front.get('name')}.md", f"{doc.name}: front matter name must match the file name"
    for heading in ("## What it does", "## Why is this bad?", "## Example"):
        assert heading in text, f"{doc.name}: missing section {heading!r}"
    examples = [b for b in blocks if b[0] == "Example"]
    # Only engine findings that no file can trigger (a rule crash) may go without an example.
    assert examples or front.get("example") == "none", f"{doc.name}: no Example block"
    update = os.environ.get("ASLLINT_UPDATE_RULE_DOCS")
    replacements = []
    for i, (section, lang, title, body, expected, espan) in enumerate(blocks):
        name = title or ("example.asl.json" if lang == "json" else "example.asl.yaml")
        # bytes: the block is linted exactly as written, positions included
        got = "".join(f"{f}\n" for f in lint(body.encode(), code, name=name))
        if section.startswith("Use instead"):
            assert got == "", f"{doc.name}: a 'Use instead' block ({title or lang}) produced findings:\n{got}"
        elif section == "Example":
            if update and espan:
                replacements.append((espan, got))
                continue
            assert expected is not None, f"{doc.name}: Example block {i} has no findings block after it"
            assert got == expected, f"{doc.name}: Example block {i} ({title or lang})"
            assert got, f"{doc.name}: Example block {i} produced no finding"
    if update and replacements:
        for (start, end), got in sorted(replacements, reverse=True):
            text = text[:start] + got + text[end:]
        doc.write_text(text, encoding="utf-8")


# One message style, as ruff and ESLint write theirs: a message is one line with no trailing
# full stop; clauses are joined with `;` or `:`, never by starting a new sentence. A rule's
# message starts with a capital letter or with the name it is about: a quoted name or key
# ('name.$', "lambda:invoke"), a variable ($total) or an integration pattern (.sync). The
# engine's own findings (ASL000-ASL004: a file that cannot be read, a suppression, a duplicate
# key, a definition kept elsewhere) start in lower case, as the reader errors they carry do
# ("invalid JSON: Expecting ',' delimiter"). Wording helpers: asllint/asl/wording.py.
_SENTENCE_BREAK = re.compile(r"(?<!\be\.g)(?<!\bi\.e)\.\s+[A-Z]")
_STARTS = re.compile(r"[A-Z'\"$.]")
_ENGINE_CODES = ("ASL000", "ASL001", "ASL002", "ASL003", "ASL004")


def _doc_messages():
    for doc in doc_files():
        _, blocks = parse_doc(doc.read_text(encoding="utf-8"))
        for section, _lang, _title, _body, expected, _span in blocks:
            for line in (expected or "").splitlines():
                yield doc.name, line.split(" ", 2)[2]


def test_every_rule_doc_finding_follows_the_message_style():
    messages = list(_doc_messages())
    assert len(messages) > 150  # the walk found the findings blocks
    off_style = [(name, message) for name, message in messages
                 if message.endswith(".") or _SENTENCE_BREAK.search(message)
                 or not (_STARTS.match(message) or name.startswith(_ENGINE_CODES))]
    assert off_style == []
