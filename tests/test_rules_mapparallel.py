"""Map/Parallel rules (ASL5xx): exact codes, messages and positions."""

from __future__ import annotations


PROC = {"StartAt": "W", "States": {"W": {"Type": "Pass", "End": True}}}


def mapm(**fields):
    return {"StartAt": "M", "States": {"M": {"Type": "Map", **fields, "End": True}}}


def dist(et="STANDARD"):
    cfg = {"Mode": "DISTRIBUTED", **({"ExecutionType": et} if et else {})}
    return {"ProcessorConfig": cfg, **PROC}


def test_missing_processor(lint):
    assert lint(mapm(ItemsPath="$.items"), "ASL5") == [
        ("ASL501", 5, 15, "Map state has no ItemProcessor: it needs one to know what to run for each item; "
                          "AWS rejects the state machine")]


def test_processor_and_iterator(lint):
    found = lint(mapm(ItemProcessor=PROC, Iterator=PROC), "ASL502")
    assert [f[:3] for f in found] == [("ASL502", 15, 7)]


def test_item_selector_and_parameters_and_deprecations(lint):
    d = mapm(ItemProcessor=PROC, ItemSelector={}, Parameters={})
    assert [f[:3] for f in lint(d, "ASL503,ASL504")] == [("ASL503", 16, 7)]
    d = mapm(Iterator=PROC, Parameters={})
    assert [(c, m) for c, _, _, m in lint(d, "ASL504")] == [
        ("ASL504", "Map field Iterator is deprecated: rename it to ItemProcessor (same meaning)"),
        ("ASL504", "Map field Parameters is deprecated: rename it to ItemSelector (same meaning)")]


def test_field_and_path(lint):
    d = mapm(ItemProcessor=PROC, ToleratedFailureCount=0, ToleratedFailureCountPath="$.n")
    assert lint(d, "ASL505") == [
        ("ASL505", 16, 7, "ToleratedFailureCount and ToleratedFailureCountPath are mutually exclusive: "
                          "AWS rejects the state machine")]


def test_reader_max_items_and_path(lint):
    d = mapm(ItemProcessor=dist(), ItemReader={"Resource": "arn:aws:states:::s3:getObject",
                                               "ReaderConfig": {"MaxItems": 1, "MaxItemsPath": "$.n"}})
    assert [f[0] for f in lint(d, "ASL505")] == ["ASL505"]


def test_ranges(lint):
    d = mapm(ItemProcessor=dist(), MaxConcurrency=1.5, ToleratedFailurePercentage=101,
             ItemBatcher={"MaxInputBytesPerBatch": 300000})
    assert lint(d, "ASL506") == [
        ("ASL506", 19, 25, "MaxConcurrency must be a non-negative integer, not 1.5: AWS rejects the state machine"),
        ("ASL506", 20, 37, "ToleratedFailurePercentage must be a number from 0 to 100, not 101: AWS rejects the state machine"),
        ("ASL506", 22, 34, "MaxInputBytesPerBatch must be a positive integer up to 262144 (256 KiB), not 300000: "
                           "AWS rejects the state machine")]


def test_jsonata_values_not_checked(lint):
    d = mapm(ItemProcessor=dist(), MaxConcurrency="{% $states.input.n %}")
    d["QueryLanguage"] = "JSONata"
    assert lint(d, "ASL506") == []


def test_processor_config(lint):
    assert lint(mapm(ItemProcessor=dist(et=None)), "ASL507") == [
        ("ASL507", 7, 28, "A DISTRIBUTED Map needs ProcessorConfig.ExecutionType (STANDARD or EXPRESS) for its "
                          "child workflows: AWS rejects the state machine")]
    assert [f[3] for f in lint(mapm(ItemProcessor=dist(et="express")), "ASL507")] == [
        'ProcessorConfig.ExecutionType must be "STANDARD" or "EXPRESS", not "express" (did you mean \'EXPRESS\'?): '
        "AWS rejects the state machine"]


def test_distributed_only_fields_in_inline(lint):
    d = mapm(ItemProcessor=PROC, ItemBatcher={"MaxItemsPerBatch": 2}, ToleratedFailureCount=0)
    assert lint(d, "ASL508") == [
        ("ASL508", 15, 7, 'ItemBatcher is a Distributed Map field but this Map runs in INLINE mode: set '
                          'ItemProcessor.ProcessorConfig.Mode to "DISTRIBUTED" or remove it')]
    d = mapm(ItemProcessor=dist(), ItemBatcher={"MaxItemsPerBatch": 2}, ToleratedFailureCount=3)
    assert lint(d, "ASL508") == []


def test_item_batcher_without_limit_and_reader_without_resource(lint):
    d = mapm(ItemProcessor=dist(), ItemBatcher={"BatchInput": {}}, ItemReader={"ReaderConfig": {}})
    assert [f[:3] for f in lint(d, "ASL509,ASL510")] == [
        ("ASL509", 19, 22), ("ASL510", 22, 21)]


def test_parallel_branches(lint):
    d = {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [], "End": True}}}
    assert lint(d, "ASL5") == [("ASL511", 6, 19, "Branches is empty: a Parallel state needs at least one branch; "
                                                   "AWS rejects the state machine")]
    for branches in (None, {"a": PROC}, [PROC]):  # missing / mistyped: ASL101, ASL103
        d = {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": True}}}
        if branches is not None:
            d["States"]["P"]["Branches"] = branches
        assert lint(d, "ASL5") == []
