"""Distributed Map data: ItemReader (through a mock), ItemBatcher, ResultWriter."""

from __future__ import annotations

import csv
import io
import json

from asllint.evaluator import jsonpath_io
from asllint.evaluator.errors import StateFailure, TaskError, runtime_error
from asllint.evaluator.history import to_text
from asllint.evaluator.mocks import MockRegistry, Outcome, TaskContext

READER_FAILED = "States.ItemReaderFailed"
_CSV_DELIMITERS = {"COMMA": ",", "PIPE": "|", "SEMICOLON": ";", "SPACE": " ", "TAB": "\t"}
WRITER_FAILED = "States.ResultWriterFailed"


def _call_mock(visit, resource: str, parameters, failure_name: str):
    execution = visit.execution
    ctx = TaskContext(execution=execution, state_name=visit.name, attempt=visit.retry_count or 0,
                      invocation=0, task_token=None, resource=resource, pattern=None)
    execution.task_calls.append({"state": visit.name, "resource": resource,
                                 "parameters": parameters, "attempt": ctx.attempt})
    mock = execution.mocks.find(resource, ctx)
    if mock is None:
        error = MockRegistry.no_mock(resource, visit.name)
        raise StateFailure(error.error, error.cause, catchable=False)
    try:
        answer = mock.invoke(resource, parameters, ctx)
    except TaskError as error:
        raise StateFailure(failure_name, f"{error.error}: {error.cause}") from None
    if isinstance(answer, Outcome):
        if answer.kind != "success":
            raise StateFailure(failure_name, f"{answer.error}: {answer.cause}")
        answer = answer.result
    return answer


def _count(visit, config: dict, field: str, effective, states, *, reader: bool = False):
    if field in config:
        value = config[field]
        value = visit.language.literal(visit, value, field, states)
    elif isinstance(config.get(field + "Path"), str):
        path = config[field + "Path"]
        value = jsonpath_io.select_reference(path, effective, visit)
    else:
        return None
    try:
        number = int(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        number = None
    if reader and number is not None and number < 0:
        raise StateFailure(READER_FAILED, f"field {field} must be positive")
    if number is None or number < 0:
        raise runtime_error(f"The {field} field refers to value {to_text(value)} which is not a "
                            "valid positive integer.")
    return number


def read_items(visit, reader: dict, effective, states) -> list:
    resource = reader.get("Resource", "")
    parameters = visit.language.arguments_of(visit, reader, "ItemReader", effective, states)
    config = reader.get("ReaderConfig") or {}
    answer = _call_mock(visit, resource, parameters, READER_FAILED)
    if isinstance(answer, dict) and "Body" in answer:
        answer = answer["Body"]
    input_type = config.get("InputType")
    items = _decode(answer, input_type, config)
    limit = _count(visit, config, "MaxItems", effective, states, reader=True)
    if limit:  # 0 means no limit
        items = items[:limit]
    return items


def _decode(answer, input_type, config) -> list:
    if isinstance(answer, (bytes, bytearray)):
        answer = answer.decode("utf-8")
    if input_type in (None, "MANIFEST") and isinstance(answer, dict):
        contents = answer.get("Contents")
        if isinstance(contents, list):
            return contents
    if input_type == "CSV":
        if not isinstance(answer, str):
            raise StateFailure(READER_FAILED, "The CSV item reader received a non-text object.")
        delimiter = _CSV_DELIMITERS.get(config.get("CSVDelimiter"), ",")
        rows = list(csv.reader(io.StringIO(answer), delimiter=delimiter))
        if config.get("CSVHeaderLocation") == "GIVEN":
            headers = config.get("CSVHeaders") or []
        else:
            if not rows:
                return []
            headers, rows = rows[0], rows[1:]
        if len(set(headers)) != len(headers):
            raise StateFailure(READER_FAILED, "CSV headers cannot contain duplicates.")
        # Fields beyond the headers are dropped; missing ones are empty (AWS-recorded).
        return [{header: (row[i] if i < len(row) else "") for i, header in enumerate(headers)}
                for row in rows]
    if input_type == "JSONL" and isinstance(answer, str):
        try:
            return [json.loads(line) for line in answer.splitlines() if line.strip()]
        except ValueError as bad:
            raise StateFailure(READER_FAILED, f"A JSONL line is not valid JSON: {bad}") from None
    if isinstance(answer, str):
        try:
            answer = json.loads(answer)
        except ValueError as bad:
            raise StateFailure(READER_FAILED, f"The item reader did not receive JSON: {bad}") from None
    if not isinstance(answer, list):
        raise StateFailure(READER_FAILED, "Attempting to map over non-iterable node.")
    return answer


def batch_items(visit, inputs: list, effective, states) -> list:
    batcher = visit.state.get("ItemBatcher")
    if not isinstance(batcher, dict):
        return inputs
    max_items = _count(visit, batcher, "MaxItemsPerBatch", effective, states)
    max_bytes = _count(visit, batcher, "MaxInputBytesPerBatch", effective, states)
    batch_input = None
    if "BatchInput" in batcher:
        batch_input = visit.language.template(visit, batcher["BatchInput"],
                                              "ItemBatcher/BatchInput", effective, states)
    batches, current, size = [], [], 0
    for item in inputs:
        item_size = len(to_text(item).encode("utf-8", "surrogatepass"))
        full = (max_items and len(current) >= max_items) or \
               (max_bytes and current and size + item_size > max_bytes)
        if full:
            batches.append(current)
            current, size = [], 0
        current.append(item)
        size += item_size
    if current:
        batches.append(current)
    out = []
    for batch in batches:
        entry = {"Items": batch}
        if batch_input is not None:
            entry["BatchInput"] = batch_input
        out.append(entry)
    return out


def write_results(visit, writer: dict, results: list, map_run_arn: str, states) -> dict:
    resource = writer.get("Resource", "")
    parameters = visit.language.arguments_of(visit, writer, "ResultWriter", visit.raw_input,
                                             states)
    execution = visit.execution
    ctx = TaskContext(execution=execution, state_name=visit.name, attempt=0, invocation=0,
                      task_token=None, resource=resource, pattern=None)
    if execution.mocks.find(resource, ctx) is not None:
        _call_mock(visit, resource, {**parameters, "Results": results}, WRITER_FAILED)
    else:
        execution.note("ResultWriter: no mock given; the results are taken as written.")
    bucket = parameters.get("Bucket") if isinstance(parameters, dict) else None
    prefix = parameters.get("Prefix", "") if isinstance(parameters, dict) else ""
    run_id = map_run_arn.rsplit(":", 1)[-1]
    key = f"{prefix.rstrip('/') + '/' if prefix else ''}{run_id}/manifest.json"
    return {"MapRunArn": map_run_arn,
            "ResultWriterDetails": {"Bucket": bucket, "Key": key}}
