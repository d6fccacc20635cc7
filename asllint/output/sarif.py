"""SARIF 2.1.0 output for code scanning: rules with their docs, results with regions."""

from __future__ import annotations

import json

from asllint import __version__
from asllint.output.escape import printable, uri

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(report) -> str:
    from asllint.output.ruledocs import read_doc

    used = sorted({f.code for f in report.findings})
    rules = [report.rules[c] for c in used if c in report.rules]
    index = {r.code: i for i, r in enumerate(rules)}
    driver_rules = []
    for r in rules:
        entry = {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "defaultConfiguration": {"level": LEVEL[r.severity]},
            "properties": {"tags": [r.code.rstrip("0123456789")]},
        }
        if r.url:
            entry["helpUri"] = r.url
        doc = read_doc(r.code) or r.doc
        if doc:
            entry["help"] = {"text": r.summary, "markdown": doc}
        driver_rules.append(entry)
    results = []
    for f in report.findings:
        s, e = f.location.span
        region = {"startLine": s.line, "startColumn": s.column}
        if (e.line, e.column) > (s.line, s.column):
            region.update(endLine=e.line, endColumn=e.column)
        result = {
            "ruleId": f.code,
            "level": LEVEL[f.severity],
            "message": {"text": printable(f.message)},  # shown as is by code scanning
            "locations": [{
                "physicalLocation": {"artifactLocation": {"uri": uri(f.location.path)}, "region": region},
                "logicalLocations": [{"name": printable(f.state or f.machine or ""), "fullyQualifiedName": f.location.pointer or "/",
                                      "kind": "member"}],
            }],
            "properties": {"pointer": f.location.pointer, "machine": f.machine, "state": f.state},
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        if f.confirmation:
            result["properties"]["confirmation"] = f.confirmation
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "asllint", "version": __version__, "semanticVersion": __version__,
                                "informationUri": "https://github.com/asllint/asllint", "rules": driver_rules}},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
