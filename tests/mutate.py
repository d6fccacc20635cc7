"""Seeded mutators for robustness testing: text-level and data-level changes to real files."""

from __future__ import annotations

import json
import random

STATE_TYPES = ["Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map", "Bogus", 7, None]
ODD_VALUES = [None, True, 0, -1, 1.5, 10**20, "", "x" * 5000, [], {}, [1, [2, [3]]], {"a": {"b": None}},
              "$.a[?(@.b", "States.Format(", "{% $x + %}", "{% %}", "${Param}", "$$.Nope", "\u202eevil",
              "\x00", "\ud800" if False else "\u00e9", "arn:aws:states:::events:putEvents.sync"]


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, prefix + (i,))


def _get(data, path):
    for p in path:
        data = data[p]
    return data


def mutate_data(data, rng: random.Random):
    """A copy of data with one structural change."""
    data = json.loads(json.dumps(data))
    paths = [p for p in _paths(data) if p]
    if not paths:
        return {"StartAt": rng.choice(ODD_VALUES), "States": data}
    path = rng.choice(paths)
    parent = _get(data, path[:-1])
    key = path[-1]
    op = rng.randrange(7)
    if op == 0:
        del parent[key]
    elif op == 1:
        parent[key] = rng.choice(ODD_VALUES)
    elif op == 2 and isinstance(parent, dict):
        parent["Type"] = rng.choice(STATE_TYPES)
    elif op == 3:
        nested = rng.choice(ODD_VALUES)
        for _ in range(rng.randrange(1, 300)):
            nested = [nested] if rng.random() < 0.5 else {"k": nested}
        parent[key] = nested
    elif op == 4 and isinstance(parent, dict):
        parent[rng.choice(["Next", "End", "Catch", "Retry", "Parameters", "Arguments", "Output", "Assign",
                           "ItemProcessor", "Branches", "Choices", "ResultPath", "Entries", "Detail"])] = parent[key]
    elif op == 5 and isinstance(parent, list):
        parent.extend(parent[:])
    else:
        parent[key] = str(parent[key])
    return data


def mutate_text(text: str, rng: random.Random) -> bytes:
    """Bytes of text with one textual change (truncation, encoding, unicode, line endings...)."""
    op = rng.randrange(10)
    if op == 0:
        return text[: rng.randrange(len(text) + 1)].encode()
    if op == 1:
        return text.replace("\n", "\r\n").encode()
    if op == 2:
        return text.replace("  ", "\t").encode()
    if op == 3:
        return text.encode("utf-16")
    if op == 4:
        raw = bytearray(text.encode())
        if raw:
            raw[rng.randrange(len(raw))] = rng.choice([0xff, 0xc3, 0x80, 0x00])
        return bytes(raw)
    if op == 5:
        return b"\xef\xbb\xbf" + text.encode()
    if op == 6:
        i = rng.randrange(len(text) + 1)
        return (text[:i] + rng.choice(["\u202e", "\u0000", "\\ud800", "\"", "{", "}", "]", ":", "- ", "&a *a", "!Sub", "%"]) + text[i:]).encode("utf-8", "surrogatepass")
    if op == 7:
        i = rng.randrange(len(text) + 1)
        j = min(len(text), i + rng.randrange(50))
        return (text[:i] + text[j:]).encode()
    if op == 8:
        i = rng.randrange(len(text) + 1)
        return (text[:i] + text[i:i + 40] + text[i:]).encode()
    return (text + "\n" + text).encode()
