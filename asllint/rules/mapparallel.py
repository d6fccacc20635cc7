"""Map and Parallel rules (ASL5xx): processor, mode, concurrency and tolerance fields, the
Distributed Map reader/batcher/writer, Parallel branches."""

from __future__ import annotations

import json

from asllint.asl import quotas
from asllint.asl.states import EXECUTION_TYPES, MAP_MODES
from asllint.document import Problem
from asllint.hookspecs import hookimpl
from asllint.asl.wording import did_you_mean
from asllint.rule import is_jsonata, is_placeholder, rule


def _dynamic(v):
    return is_placeholder(v) or is_jsonata(v)


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


@rule("ASL501", "map-without-processor", "error",
      "A Map state with neither ItemProcessor nor Iterator")
def map_without_processor(machine, options):
    for state in machine.states_of_type("Map"):
        if isinstance(state.data, dict) and "ItemProcessor" not in state.data and "Iterator" not in state.data:
            yield Problem("Map state has no ItemProcessor: it needs one to know what to run for each "
                          "item; AWS rejects the state machine", state.field_pointer("Type"))


@rule("ASL502", "map-processor-and-iterator", "error",
      "A Map state with both ItemProcessor and its deprecated form Iterator")
def map_processor_and_iterator(machine, options):
    for state in machine.states_of_type("Map"):
        if "ItemProcessor" in state.data and "Iterator" in state.data:
            yield Problem("Map state has both ItemProcessor and Iterator (its deprecated name): "
                          "keep ItemProcessor only; AWS rejects the state machine",
                          state.field_pointer("Iterator"), at="key")


@rule("ASL503", "map-item-selector-and-parameters", "error",
      "A Map state with both ItemSelector and its deprecated form Parameters")
def map_item_selector_and_parameters(machine, options):
    for state in machine.states_of_type("Map"):
        if "ItemSelector" in state.data and "Parameters" in state.data:
            yield Problem("Map state has both ItemSelector and Parameters (its deprecated name): "
                          "keep ItemSelector only; AWS rejects the state machine",
                          state.field_pointer("Parameters"), at="key")


@rule("ASL504", "deprecated-map-field", "info",
      "A Map state using Iterator or Parameters, deprecated for ItemProcessor and ItemSelector")
def deprecated_map_field(machine, options):
    for state in machine.states_of_type("Map"):
        for old, new in (("Iterator", "ItemProcessor"), ("Parameters", "ItemSelector")):
            if old in state.data and new not in state.data:
                yield Problem(f"Map field {old} is deprecated: rename it to {new} (same meaning)",
                              state.field_pointer(old), at="key")


# (container path parts, field) pairs whose static and Path forms exclude each other. (The
# structure rules' ASL105 owns the Task and Fail pairs; every Map pair is here.)
_PAIRS = (
    ((), "MaxConcurrency"),
    ((), "ToleratedFailurePercentage"),
    ((), "ToleratedFailureCount"),
    (("ItemBatcher",), "MaxItemsPerBatch"),
    (("ItemBatcher",), "MaxInputBytesPerBatch"),
    (("ItemReader", "ReaderConfig"), "MaxItems"),
)


def _at(data, parts):
    for p in parts:
        data = data.get(p) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else None


@rule("ASL505", "map-field-and-path", "error",
      "A Map field given both as a value and as its Path form")
def map_field_and_path(machine, options):
    for state in machine.states_of_type("Map"):
        for parts, name in _PAIRS:
            obj = _at(state.data, parts)
            if obj is not None and name in obj and name + "Path" in obj:
                yield Problem(f"{name} and {name}Path are mutually exclusive: AWS rejects the state machine",
                              state.field_pointer(*parts, name + "Path"), at="key")


# (container path parts, field, check, requirement text)
_RANGES = (
    ((), "MaxConcurrency", lambda v: _is_int(v) and v >= 0, "a non-negative integer"),
    ((), "ToleratedFailurePercentage", lambda v: _is_num(v) and 0 <= v <= 100, "a number from 0 to 100"),
    ((), "ToleratedFailureCount", lambda v: _is_int(v) and v >= 0, "a non-negative integer"),
    (("ItemBatcher",), "MaxItemsPerBatch", lambda v: _is_int(v) and v >= 1, "a positive integer"),
    (("ItemBatcher",), "MaxInputBytesPerBatch", lambda v: _is_int(v) and 1 <= v <= quotas.MAP_BATCH_MAX_BYTES,
     f"a positive integer up to {quotas.MAP_BATCH_MAX_BYTES} (256 KiB)"),
    (("ItemReader", "ReaderConfig"), "MaxItems", lambda v: _is_int(v) and 1 <= v <= quotas.ITEM_READER_MAX_ITEMS,
     f"an integer from 1 to {quotas.ITEM_READER_MAX_ITEMS}"),
)


@rule("ASL506", "map-value-out-of-range", "error",
      "A Map concurrency, tolerance, batching or reader limit outside its range")
def map_value_out_of_range(machine, options):
    for state in machine.states_of_type("Map"):
        for parts, name, ok, text in _RANGES:
            obj = _at(state.data, parts)
            if obj is None or name not in obj or _dynamic(obj[name]):
                continue
            if not ok(obj[name]):
                yield Problem(f"{name} must be {text}, not {json.dumps(obj[name])}: AWS rejects the state machine",
                              state.field_pointer(*parts, name))


@rule("ASL507", "invalid-processor-config", "error",
      "A Map ProcessorConfig with an unknown Mode or ExecutionType, or a DISTRIBUTED Map without ExecutionType")
def invalid_processor_config(machine, options):
    for state in machine.states_of_type("Map"):
        proc = state.get("ItemProcessor")
        cfg = proc.get("ProcessorConfig") if isinstance(proc, dict) else None
        if cfg is None:
            continue
        ptr = ("ItemProcessor", "ProcessorConfig")
        if not isinstance(cfg, dict):
            yield Problem("ProcessorConfig must be an object: AWS rejects the state machine",
                          state.field_pointer(*ptr))
            continue
        mode = cfg.get("Mode", "INLINE")
        if "Mode" in cfg and mode not in MAP_MODES:
            hint = did_you_mean(str(mode), MAP_MODES)
            yield Problem(f'ProcessorConfig.Mode must be "INLINE" or "DISTRIBUTED", not {json.dumps(mode)}{hint}: '
                          "AWS rejects the state machine", state.field_pointer(*ptr, "Mode"))
            continue
        et = cfg.get("ExecutionType")
        if "ExecutionType" in cfg and et not in EXECUTION_TYPES:
            hint = did_you_mean(str(et), EXECUTION_TYPES)
            yield Problem(f'ProcessorConfig.ExecutionType must be "STANDARD" or "EXPRESS", not {json.dumps(et)}{hint}: '
                          "AWS rejects the state machine", state.field_pointer(*ptr, "ExecutionType"))
        elif mode == "DISTRIBUTED" and "ExecutionType" not in cfg:
            yield Problem("A DISTRIBUTED Map needs ProcessorConfig.ExecutionType (STANDARD or EXPRESS) "
                          "for its child workflows: AWS rejects the state machine",
                          state.field_pointer(*ptr))


_DISTRIBUTED_ONLY = ("ItemReader", "ItemBatcher", "ResultWriter", "Label")
_TOLERANCE = ("ToleratedFailurePercentage", "ToleratedFailurePercentagePath",
              "ToleratedFailureCount", "ToleratedFailureCountPath")


@rule("ASL508", "distributed-only-field", "warning",
      "A Distributed Map field (ItemReader, ItemBatcher, ResultWriter, Label, failure tolerance) on an INLINE Map")
def distributed_only_field(machine, options):
    for state in machine.states_of_type("Map"):
        if state.map_mode != "INLINE":
            continue
        for name in _DISTRIBUTED_ONLY + _TOLERANCE:
            if name not in state.data:
                continue
            if name in _TOLERANCE and state.get(name) == 0:
                continue  # the default: no behaviour either way
            yield Problem(f"{name} is a Distributed Map field but this Map runs in INLINE mode: set "
                          'ItemProcessor.ProcessorConfig.Mode to "DISTRIBUTED" or remove it',
                          state.field_pointer(name), at="key")


@rule("ASL509", "item-batcher-without-limit", "error",
      "An ItemBatcher with no MaxItemsPerBatch or MaxInputBytesPerBatch limit")
def item_batcher_without_limit(machine, options):
    for state in machine.states_of_type("Map"):
        ib = state.get("ItemBatcher")
        if isinstance(ib, dict) and not any(k in ib for k in (
                "MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath")):
            yield Problem("ItemBatcher needs at least one of MaxItemsPerBatch or MaxInputBytesPerBatch "
                          "(or their Path forms): AWS rejects the state machine",
                          state.field_pointer("ItemBatcher"))


@rule("ASL510", "item-reader-without-resource", "error",
      "A Map ItemReader without a Resource")
def item_reader_without_resource(machine, options):
    for state in machine.states_of_type("Map"):
        ir = state.get("ItemReader")
        if isinstance(ir, dict) and "Resource" not in ir:
            yield Problem("ItemReader needs a Resource (for example arn:aws:states:::s3:getObject or "
                          "arn:aws:states:::s3:listObjectsV2): AWS rejects the state machine",
                          state.field_pointer("ItemReader"))


@rule("ASL511", "empty-parallel-branches", "error",
      "A Parallel state whose Branches array is empty")
def empty_parallel_branches(machine, options):
    # A missing Branches, or one of the wrong type, is the structure rules' (ASL101, ASL103).
    for state in machine.states_of_type("Parallel"):
        if state.get("Branches") == []:
            yield Problem("Branches is empty: a Parallel state needs at least one branch; AWS rejects the "
                          "state machine", state.field_pointer("Branches"))


@hookimpl
def asllint_rules():
    return [map_without_processor, map_processor_and_iterator, map_item_selector_and_parameters,
            deprecated_map_field, map_field_and_path, map_value_out_of_range, invalid_processor_config,
            distributed_only_field, item_batcher_without_limit, item_reader_without_resource,
            empty_parallel_branches]
