"""A faithful EventBridge bus for PutEvents from Step Functions (spec eventbridge-putevents.md).

Resources: `arn:<partition>:states:::events:putEvents` (optimized, Request/Response),
`...events:putEvents.waitForTaskToken` (optimized, callback) and
`arn:<partition>:states:::aws-sdk:eventbridge:putEvents` (SDK integration).

What it does, as AWS does:
- validates each entry: missing Source/DetailType/Detail (an empty DetailType counts as
  missing) -> `InvalidArgument`; a Detail that is not a JSON object -> `MalformedDetail`;
  an `aws.` Source -> `NotAuthorizedForSourceException`; more than 10 entries, none, or an
  oversize request fails the whole call (no per-entry results);
- the optimized forms append the state machine and execution ARNs to each entry's Resources,
  and fail the task with `EventBridge.FailedEntry` (cause: the response as JSON text) when any
  entry failed - the entries that succeeded are delivered all the same;
- the SDK form returns the raw response and never fails on failed entries;
- every delivered event is recorded with its state, attempt and entry index, so a retry that
  re-sends the same entries shows up as duplicates.

Injected failures, by 1-based attempt number within one visit of the state:

    EventBridgeMock(fail={1: {0: "ThrottlingException"}},      # entry 0 fails on attempt 1
                    fail_always={2: "InternalFailure"},          # entry 2 fails every time
                    request_errors={1: TaskError("EventBridge.EventBridgeException", "...")},
                    callback=Outcome.success({"ok": True}, after=30))  # .waitForTaskToken
"""

from __future__ import annotations

import json

from asllint.asl import quotas
from asllint.eventbridge.putevents import parse_resource
from asllint.evaluator.errors import RequestRejected
from asllint.evaluator.history import to_text
from asllint.evaluator.mocks import Callback, Outcome, ServiceMock


MAX_ENTRIES = quotas.PUTEVENTS_MAX_ENTRIES
MAX_REQUEST_BYTES = quotas.PUTEVENTS_REQUEST_BYTES
_INT64 = (-(2 ** 63), 2 ** 63 - 1)

ERROR_MESSAGES = {
    "InvalidArgument": "Parameter {field} is not valid. Reason: {field} is a required argument.",
    "MalformedDetail": "Detail is malformed.",
    "NotAuthorizedForSourceException": "Not authorized for the source.",
    "ThrottlingException": "Rate exceeded",
    "InternalFailure": "An internal error occurred.",
    "AccessDeniedException": "User is not authorized to perform: events:PutEvents",
}


class EventBridgeMock(ServiceMock):
    def __init__(self, *, fail: dict | None = None, fail_always: dict | None = None,
                 request_errors: dict | None = None, callback: Outcome | None = None,
                 heartbeat_every: float | None = None):
        self.fail = {int(k): v for k, v in (fail or {}).items()}
        self.fail_always = dict(fail_always or {})
        self.request_errors = {int(k): v for k, v in (request_errors or {}).items()}
        self.callback = callback
        self.heartbeat_every = heartbeat_every
        self.delivered: list[dict] = []
        self.calls: list[dict] = []

    def matches(self, resource, ctx=None) -> bool:
        integration = parse_resource(resource)
        return integration is not None and integration.supported

    # -- the call ----------------------------------------------------------------------------

    def invoke(self, resource, parameters, ctx):
        optimized = parse_resource(resource).optimized
        attempt = ctx.attempt + 1
        self.calls.append({"state": ctx.state_name, "attempt": attempt, "parameters": parameters})
        if attempt in self.request_errors:
            error = self.request_errors[attempt]
            raise RequestRejected(error.error, error.cause)
        entries = parameters.get("Entries") if isinstance(parameters, dict) else None
        self._validate_request(entries, ctx)
        results = []
        for index, entry in enumerate(entries):
            code, message = self._injected(attempt, index)
            prepared = None
            if code is None:
                code, message, prepared = _check_entry(entry, optimized, ctx)
            if code is not None:
                results.append({"ErrorCode": code, "ErrorMessage": message})
                continue
            event_id = ctx.new_id()
            record = dict(prepared, EventId=event_id, state=ctx.state_name, attempt=attempt,
                          entry_index=index)
            self.delivered.append(record)
            ctx.execution.events.append(record)
            results.append({"EventId": event_id})
        failed = sum(1 for r in results if "ErrorCode" in r)
        response = {"Entries": results, "FailedEntryCount": failed}
        if optimized and failed:
            # Before any callback: the put itself failed (LocalStack does so; unverified on AWS).
            raise RequestRejected("EventBridge.FailedEntry", to_text(response))
        if resource.endswith(".waitForTaskToken"):
            if self.callback is None:
                ctx.note(f"No callback outcome was configured for '{ctx.state_name}': the task "
                         "token is never returned (EventBridgeMock(callback=...)).")
            return Callback(submitted=response, outcome=self.callback or Outcome.never(),
                            heartbeat_every=self.heartbeat_every)
        return response

    def _injected(self, attempt: int, index: int):
        chosen = self.fail.get(attempt, {}).get(index) or self.fail_always.get(index)
        if chosen is None:
            return None, None
        if isinstance(chosen, (tuple, list)):
            return chosen[0], chosen[1]
        return chosen, ERROR_MESSAGES.get(chosen, chosen).format(field="Entry")

    @staticmethod
    def _validate_request(entries, ctx) -> None:
        """Whole-request ValidationException cases: they carry no per-entry results."""
        if not isinstance(entries, list) or not (1 <= len(entries) <= MAX_ENTRIES):
            count = len(entries) if isinstance(entries, list) else 0
            constraint = ("Member must have length less than or equal to 10" if count > MAX_ENTRIES
                          else "Member must have length greater than or equal to 1")
            _request_error(ctx, f"1 validation error detected: Value at 'entries' failed to "
                                f"satisfy constraint: {constraint}")
        for position, entry in enumerate(entries, start=1):
            detail_type = entry.get("DetailType") if isinstance(entry, dict) else None
            if isinstance(detail_type, str) and len(detail_type) > 128:
                _request_error(ctx, f"1 validation error detected: Value at "
                                    f"'entries.{position}.member.detailType' failed to satisfy "
                                    "constraint: Member must have length less than or equal to 128")
        if sum(_entry_size(e, ctx) for e in entries) > MAX_REQUEST_BYTES:
            _request_error(ctx, "Total size of the entries in the request is over the limit.")

    # -- reports -----------------------------------------------------------------------------

    def duplicates(self) -> dict:
        return count_duplicates(self.delivered)


def _request_error(ctx, message: str):
    # AWS's error name for a rejected PutEvents request inside Step Functions is unrecorded;
    # SDK integrations name unmodelled errors <Service>.<Service>Exception (spec OQ 14, 30).
    ctx.note("A PutEvents request was rejected as a whole; the error name "
             "EventBridge.EventBridgeException follows the SDK naming pattern (unverified).")
    raise RequestRejected("EventBridge.EventBridgeException",
                    f"{message} (Service: EventBridge, Status Code: 400, Request ID: "
                    f"{ctx.new_id()})")


def _check_entry(entry, optimized: bool, ctx):
    """(error code, message, None) for a rejected entry, or (None, None, delivered record)."""
    if not isinstance(entry, dict):
        return "InvalidArgument", ERROR_MESSAGES["InvalidArgument"].format(field="Source"), None
    for field in ("Source", "DetailType", "Detail"):
        value = entry.get(field)
        if value is None or value == "":
            return "InvalidArgument", ERROR_MESSAGES["InvalidArgument"].format(field=field), None
    detail = _parse_detail(entry["Detail"], optimized, ctx)
    if detail is None:
        return "MalformedDetail", ERROR_MESSAGES["MalformedDetail"], None
    source = entry["Source"]
    if not isinstance(source, str) or source.startswith("aws."):
        ctx.note("EventBridge rejects custom events whose Source starts with 'aws.'; the "
                 "per-entry error code used (NotAuthorizedForSourceException) is unverified.")
        return "NotAuthorizedForSourceException", ERROR_MESSAGES[
            "NotAuthorizedForSourceException"], None
    resources = list(entry.get("Resources") or [])
    if optimized:
        # Observed order: user resources, then the state machine ARN, then the execution ARN.
        resources += [ctx.state_machine_arn, ctx.execution_arn]
    record = {
        "EventBusName": entry.get("EventBusName") or "default",
        "Source": source,
        "DetailType": entry["DetailType"],
        "Detail": detail,
        "Resources": resources,
        "Time": entry.get("Time") or ctx.now,
    }
    if entry.get("TraceHeader"):
        record["TraceHeader"] = entry["TraceHeader"]
    return None, None, record


def _parse_detail(detail, optimized: bool, ctx):
    """The Detail as a JSON object, or None when EventBridge would call it malformed."""
    if isinstance(detail, dict):
        if not optimized:
            ctx.note("The SDK integration's Detail is typed as a string; an object Detail was "
                     "serialized (whether AWS accepts it is unverified).")
        value = detail
    elif isinstance(detail, str):
        try:
            value = json.loads(detail)
        except ValueError:
            return None
        if not isinstance(value, dict):
            return None
    else:
        return None
    return value if _integers_fit(value) else None


def _integers_fit(value) -> bool:
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return _INT64[0] <= value <= _INT64[1]
    if isinstance(value, dict):
        return all(_integers_fit(v) for v in value.values())
    if isinstance(value, list):
        return all(_integers_fit(v) for v in value)
    return True


def _entry_size(entry, ctx) -> int:
    """EventBridge's entry size formula (EB-SIZE), plus the two ARNs Step Functions appends."""
    if not isinstance(entry, dict):
        return 0
    size = 14 if entry.get("Time") else 0
    for field in ("Source", "DetailType"):
        if isinstance(entry.get(field), str):
            size += len(entry[field].encode("utf-8", "surrogatepass"))
    detail = entry.get("Detail")
    if detail is not None:
        size += len((detail if isinstance(detail, str) else to_text(detail)).encode("utf-8", "surrogatepass"))
    for item in entry.get("Resources") or []:
        if isinstance(item, str):
            size += len(item.encode("utf-8", "surrogatepass"))
    return size + len(ctx.state_machine_arn) + len(ctx.execution_arn)


def count_duplicates(events: list) -> dict:
    """{(state, entry index, source, detail type, detail): deliveries} for events delivered
    more than once - what a Retry on EventBridge.FailedEntry does to consumers."""
    counts: dict = {}
    for event in events:
        key = (event.get("state"), event.get("entry_index"), event.get("Source"),
               event.get("DetailType"), to_text(event.get("Detail")))
        counts[key] = counts.get(key, 0) + 1
    return {key: n for key, n in counts.items() if n > 1}
