"""The EventBridge PutEvents integration: recognising it and analysing its entries.

Shared by the EB rules (`asllint.eventbridge.entry_rules`, `asllint.eventbridge.handling_rules`,
`asllint.eventbridge.sdk_results`) and the evaluator's confirmation step, so
everything here works on plain definition data and `asllint.model` objects, never on files.

Forms (spec/eventbridge-putevents.md §1):

| resource                                               | form       | pattern           |
| ------------------------------------------------------ | ---------- | ----------------- |
| `arn:<p>:states:::events:putEvents`                    | optimized  | request-response  |
| `arn:<p>:states:::events:putEvents.waitForTaskToken`   | callback   | waitForTaskToken  |
| `arn:<p>:states:::aws-sdk:eventbridge:putEvents`       | sdk        | request-response  |
| `arn:<p>:states:::aws-sdk:eventbridge:putEvents.waitForTaskToken` | sdk | waitForTaskToken |

`<p>` is a partition (`aws`, `aws-cn`, ...) or a `${...}` placeholder (`${AWS::Partition}`).
Any other suffix (`.sync`, a typo) is an unsupported pattern (`Integration.supported` False)."""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

from asllint.asl import quotas, resources
from asllint.asl.errors import error_matches, first_match
from asllint.asl.text import is_jsonata, is_placeholder
from asllint.document import join_pointer
from asllint.rule import per_machine

ERROR = "EventBridge.FailedEntry"
ENTRY_FIELDS = ("Detail", "DetailType", "EventBusName", "Resources", "Source", "Time", "TraceHeader")
REQUIRED_FIELDS = ("Source", "DetailType", "Detail")
REQUEST_RESPONSE = "request-response"
CALLBACK = "waitForTaskToken"
MAX_ENTRIES = quotas.PUTEVENTS_MAX_ENTRIES
SFN_PAYLOAD_LIMIT = quotas.PAYLOAD_BYTES
DETAIL_TYPE_MAX = quotas.DETAIL_TYPE_MAX_CHARS
TRACE_HEADER_MAX = quotas.TRACE_HEADER_MAX_CHARS
RESOURCE_ITEM_MAX = quotas.RESOURCE_ITEM_MAX_CHARS
EVENT_BUS_NAME_MAX = quotas.EVENT_BUS_NAME_MAX_CHARS
EVENT_BUS_PATTERN = re.compile(
    r"(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus/)?[.\-_A-Za-z0-9]+")
# ARN estimate when the region / account / execution name are unknown (EB104 doc):
# region "us-east-1" (9), account id (12), execution name a UUID (36).
ARN_REGION_LEN = 9
ARN_ACCOUNT_LEN = 12
EXECUTION_NAME_LEN = 36
UNKNOWN_MACHINE_NAME_LEN = 32

_TASK_TOKEN = re.compile(r"\$\$\s*(?:\.\s*Task\s*\.\s*Token|\[\s*['\"]Task['\"]\s*\]\s*\[\s*['\"]Token['\"]\s*\])"
                         r"|\$states\s*\.\s*context\s*\.\s*Task\s*\.\s*Token")
_EXECUTION_IDENTITY = re.compile(r"\$\$\s*\.\s*Execution\s*\.\s*(?:Id|Name)\b"
                                 r"|\$states\s*\.\s*context\s*\.\s*Execution\s*\.\s*(?:Id|Name)\b")
_ENTERED_TIME = re.compile(r"\$\$\s*\.\s*State\s*\.\s*EnteredTime\b"
                           r"|\$states\s*\.\s*context\s*\.\s*State\s*\.\s*EnteredTime\b")


# ----------------------------------------------------------------------------- recognising

class Integration:
    __slots__ = ("resource", "service", "suffix")

    def __init__(self, resource: str, service: str, suffix: str | None):
        self.resource = resource
        self.service = service    # "events" (optimized) or "aws-sdk"
        self.suffix = suffix      # the text after "putEvents.", None when absent

    @property
    def sdk(self) -> bool:
        return self.service == "aws-sdk"

    @property
    def optimized(self) -> bool:
        return not self.sdk

    @property
    def supported(self) -> bool:
        return self.suffix in (None, CALLBACK)

    @property
    def pattern(self) -> str:
        return REQUEST_RESPONSE if self.suffix is None else self.suffix

    @property
    def callback(self) -> bool:
        return self.suffix == CALLBACK

    @property
    def request_response(self) -> bool:
        return self.suffix is None

    @property
    def form(self) -> str:
        """"optimized", "callback" (optimized .waitForTaskToken) or "sdk"."""
        if self.sdk:
            return "sdk"
        return "callback" if self.callback else "optimized"

    @property
    def raises_failed_entry(self) -> bool:
        """Only the optimized integration turns FailedEntryCount > 0 into EventBridge.FailedEntry."""
        return self.optimized and self.supported


def parse_resource(resource: Any) -> Integration | None:
    """The putEvents integration a Task's Resource names, or None. No blanks are stripped: AWS
    takes the Resource as written, and the task rules report a padded one (ASL301)."""
    parsed = resources.parse_resource(resource)
    if not parsed.is_putevents or parsed.regional or not parsed.partition:
        return None
    service = "events" if parsed.kind == resources.OPTIMIZED_KIND else "aws-sdk"
    return Integration(resource, service, parsed.pattern[1:] if parsed.pattern else None)


# ----------------------------------------------------------------------------- values

STATIC, DYNAMIC, UNKNOWN = "static", "dynamic", "unknown"


class Field:
    """One entry field as written: `kind` static (a literal), dynamic (a `.$` path or a JSONata
    expression) or unknown (a `${...}` deployment placeholder in a literal string)."""

    __slots__ = ("name", "key", "value", "pointer", "kind")

    def __init__(self, name: str, key: str, value: Any, pointer: str, kind: str):
        self.name = name          # canonical name (without ".$")
        self.key = key            # the key as written
        self.value = value
        self.pointer = pointer
        self.kind = kind


class Entry:
    __slots__ = ("index", "pointer", "data", "fields", "unknown_keys")

    def __init__(self, index: int, pointer: str, data: Any, fields: dict | None = None,
                 unknown_keys: list | None = None):
        self.index = index
        self.pointer = pointer
        self.data = data          # the literal entry (dict), or a JSONata string
        self.fields = {} if fields is None else fields                    # canonical name -> Field
        self.unknown_keys = [] if unknown_keys is None else unknown_keys  # (key, pointer)

    @property
    def computed(self) -> bool:
        return not isinstance(self.data, dict)

    def get(self, name: str) -> Field | None:
        return self.fields.get(name)


class PutEventsTask:
    __slots__ = ("state", "integration", "params_key", "params", "entries_key", "entries_value", "entries")

    def __init__(self, state: Any, integration: Integration, params_key: str | None, params: Any,
                 entries_key: str | None, entries_value: Any, entries: list | None):
        self.state = state                  # model.State
        self.integration = integration
        self.params_key = params_key        # "Parameters" or "Arguments" (None when absent)
        self.params = params
        self.entries_key = entries_key      # "Entries", "Entries.$" or None
        self.entries_value = entries_value
        self.entries = entries              # [Entry] when Entries is a literal array, else None

    @property
    def jsonata(self) -> bool:
        return self.state.query_language == "JSONata"

    @property
    def params_pointer(self) -> str:
        return self.state.field_pointer(self.params_key) if self.params_key else self.state.pointer

    @property
    def entries_pointer(self) -> str:
        if self.entries_key:
            return self.state.field_pointer(self.params_key, self.entries_key)
        return self.params_pointer

    @property
    def entry_count(self) -> int | None:
        """How many entries the task sends, when the array is literal; None when computed."""
        return len(self.entries) if self.entries is not None else None

    @property
    def may_send_several(self) -> bool:
        """Two or more literal entries, or entries computed at run time."""
        if self.entries is not None:
            return len(self.entries) >= 2
        return self.entries_key is not None and (self.entries_key.endswith(".$") or is_jsonata(self.entries_value)
                                                 or is_placeholder(self.entries_value))

    def data(self, **extra) -> dict:
        """The common part of a finding's `data`: enough for the evaluator to find the task."""
        d = {"state": self.state.name, "state_pointer": self.state.pointer, "form": self.integration.form,
             "pattern": self.integration.pattern, "resource": self.integration.resource,
             "entries": self.entry_count, "query_language": self.state.query_language}
        d.update(extra)
        return d


def _field_kind(key: str, value: Any, jsonata: bool) -> str:
    if not jsonata and key.endswith(".$"):
        return DYNAMIC
    if jsonata and is_jsonata(value):
        return DYNAMIC
    if is_placeholder(value):
        return UNKNOWN
    return STATIC


def _analyse_entry(index: int, pointer: str, data: Any, jsonata: bool) -> Entry:
    entry = Entry(index, pointer, data)
    if not isinstance(data, dict):
        return entry
    for key, value in data.items():
        name = key[:-2] if (not jsonata and key.endswith(".$")) else key
        p = pointer + join_pointer(key)
        if name in ENTRY_FIELDS:
            entry.fields[name] = Field(name, key, value, p, _field_kind(key, value, jsonata))
        else:
            entry.unknown_keys.append((key, p))
    return entry


def analyse_task(state) -> PutEventsTask | None:
    """The putEvents view of a Task state, or None when it is not a putEvents Task."""
    if state.type != "Task":
        return None
    integration = parse_resource(state.get("Resource"))
    if integration is None:
        return None
    jsonata = state.query_language == "JSONata"
    params_key = "Arguments" if jsonata else "Parameters"
    if params_key not in (state.data or {}):
        other = "Parameters" if jsonata else "Arguments"
        params_key = other if other in state.data else None
    params = state.get(params_key) if params_key else None
    entries_key = entries_value = None
    if isinstance(params, dict):
        if "Entries" in params:
            entries_key, entries_value = "Entries", params["Entries"]
        elif not jsonata and "Entries.$" in params:
            entries_key, entries_value = "Entries.$", params["Entries.$"]
    task = PutEventsTask(state, integration, params_key, params, entries_key, entries_value, None)
    if entries_key == "Entries" and isinstance(entries_value, list):
        base = task.entries_pointer
        task.entries = [_analyse_entry(i, base + join_pointer(i), e, jsonata) for i, e in enumerate(entries_value)]
    return task


@per_machine
def tasks(machine) -> list[PutEventsTask]:
    """Every putEvents Task of the machine (all scopes), analysed once per machine."""
    return [t for t in (analyse_task(s) for s in machine.states_of_type("Task")) if t is not None]


# ----------------------------------------------------------------------------- strings in values

def strings(value: Any, pointer: str = "") -> Iterator[tuple[str, str, str | None]]:
    """(string, pointer, key) for every string value (and key) inside `value`."""
    if isinstance(value, str):
        yield value, pointer, None
    elif isinstance(value, dict):
        for k, v in value.items():
            p = pointer + join_pointer(k)
            if isinstance(v, str):
                yield v, p, k
            else:
                yield from strings(v, p)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings(v, pointer + join_pointer(i))


def is_evaluated(s: str, key: str | None, jsonata: bool) -> bool:
    """Whether a string is evaluated (a `.$` value, a JSONata expression): only those read data."""
    if jsonata:
        return is_jsonata(s)
    return key is not None and key.endswith(".$")


def task_token_refs(value: Any, pointer: str, jsonata: bool) -> list[str]:
    """Pointers of the evaluated strings in `value` that read the task token."""
    return [p for s, p, k in strings(value, pointer) if is_evaluated(s, k, jsonata) and _TASK_TOKEN.search(s)]


def reads_execution_identity(value: Any, jsonata: bool, need_entered_time: bool) -> bool:
    exprs = [s for s, _, k in strings(value) if is_evaluated(s, k, jsonata)]
    if not any(_EXECUTION_IDENTITY.search(s) for s in exprs):
        return False
    return not need_entered_time or any(_ENTERED_TIME.search(s) for s in exprs)


def has_field_named(value: Any, names, jsonata: bool) -> bool:
    """Whether an object (at any depth) has a key from `names` (a `.$` key counts in JSONPath)."""
    names = set(names)
    if isinstance(value, dict):
        for k, v in value.items():
            base = k[:-2] if (not jsonata and k.endswith(".$")) else k
            if base in names or has_field_named(v, names, jsonata):
                return True
    elif isinstance(value, list):
        return any(has_field_named(v, names, jsonata) for v in value)
    return False


# ----------------------------------------------------------------------------- error matching

def covers(error_equals: Any, error: str = ERROR) -> bool:
    """Whether an ErrorEquals list matches `error` (by default EventBridge.FailedEntry)."""
    return error_matches(error, error_equals)


def first_matching(handlers: Any, error: str = ERROR) -> tuple[int, dict] | None:
    """The first Retrier/Catcher that matches `error` (the one Step Functions applies)."""
    return first_match(handlers, error)


# ----------------------------------------------------------------------------- sizes

def _min_json(value: Any, jsonata: bool) -> Any:
    """`value` with every evaluated part replaced by its smallest possible JSON (`0`)."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not jsonata and k.endswith(".$"):
                out[k[:-2]] = 0
            else:
                out[k] = _min_json(v, jsonata)
        return out
    if isinstance(value, list):
        return [_min_json(v, jsonata) for v in value]
    if jsonata and is_jsonata(value):
        return 0
    if is_placeholder(value):
        from asllint.asl.placeholders import without_placeholders  # linear, unlike a regex

        return without_placeholders(value)
    return value


def json_bytes(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"))


def utf8_len(s: str) -> int:
    return len(s.encode("utf-8", "surrogatepass"))  # a lone surrogate from the file still has a size


def min_params_bytes(task: PutEventsTask) -> int:
    """A lower bound of the task's input after Parameters/Arguments: the static content only."""
    if task.params is None or (task.jsonata and is_jsonata(task.params)):
        return 0
    return json_bytes(_min_json(task.params, task.jsonata))


def appended_arns_bytes(machine_name: str | None) -> int:
    """UTF-8 bytes of the state machine and execution ARNs Step Functions appends to `Resources`.

    `arn:aws:states:<region>:<account>:stateMachine:<name>` and
    `arn:aws:states:<region>:<account>:execution:<name>:<execution>`."""
    name_len = utf8_len(machine_name) if machine_name else UNKNOWN_MACHINE_NAME_LEN
    prefix = len("arn:aws:states:") + ARN_REGION_LEN + 1 + ARN_ACCOUNT_LEN
    machine_arn = prefix + len(":stateMachine:") + name_len
    execution_arn = prefix + len(":execution:") + name_len + 1 + EXECUTION_NAME_LEN
    return machine_arn + execution_arn


def min_entry_bytes(entry: Entry, jsonata: bool) -> int:
    """A lower bound of an entry's size by EventBridge's formula (EB-SIZE), without appended ARNs.

    Time 14 bytes; UTF-8 bytes of Source, DetailType, the serialized Detail and each Resources
    item; evaluated parts count as their smallest possible value."""
    if entry.computed:
        return 0
    size = 0
    if entry.get("Time") is not None:
        size += 14
    for name in ("Source", "DetailType"):
        f = entry.get(name)
        if f is not None and f.kind != DYNAMIC and isinstance(f.value, str):
            size += utf8_len(_min_json(f.value, jsonata))
    detail = entry.get("Detail")
    if detail is not None and detail.kind != DYNAMIC:
        if isinstance(detail.value, str):
            size += utf8_len(_min_json(detail.value, jsonata))
        else:
            size += json_bytes(_min_json(detail.value, jsonata))
    res = entry.get("Resources")
    if res is not None and res.kind == STATIC and isinstance(res.value, list):
        for item in res.value:
            if isinstance(item, str) and not (jsonata and is_jsonata(item)):
                size += utf8_len(_min_json(item, jsonata))
    return size


# ----------------------------------------------------------------------------- graph helpers

def runs_more_than_once(state) -> bool:
    """Whether one execution can run `state` more than once: inside a Map processor, or on a
    cycle of its scope (or an enclosing Parallel/Map on a cycle)."""
    current = state
    while current is not None:
        if current.scope.kind == "processor":
            return True
        if _on_cycle(current):
            return True
        current = current.scope.parent
    return False


def _on_cycle(state) -> bool:
    states = state.scope.states
    seen = set()
    todo = [t for t, _ in state.transitions()]
    while todo:
        name = todo.pop()
        if name == state.name:
            return True
        if name in seen or name not in states:
            continue
        seen.add(name)
        todo.extend(t for t, _ in states[name].transitions())
    return False
