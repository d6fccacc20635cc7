"""The runner reads the states from `asllint.model` (the linter's Machine/Scope/State) instead
of walking the definition again: what that keeps, and the two places where it decides."""

from asllint.evaluator import simulate

CALLBACK = {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "End": True}
SYNC = {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync", "End": True}


def test_express_refusal_names_the_first_state_in_document_order_nested_ones_included():
    definition = {"StartAt": "Fan", "States": {
        "Fan": {"Type": "Parallel", "Next": "Job", "Branches": [
            {"StartAt": "Ok", "States": {"Ok": {"Type": "Pass", "End": True}}},
            {"StartAt": "Ask", "States": {"Ask": CALLBACK}}]},
        "Job": SYNC}}
    result = simulate(definition, {}, state_machine_type="EXPRESS")
    assert (result.status, result.error, result.cause) == (
        "FAILED", "asllint.InvalidDefinition",
        "SCHEMA_VALIDATION_FAILED: Express state machine does not support 'waitForTaskToken' "
        "service integration at /States/Fan/Branches/1/States/Ask/Resource (AWS rejects this "
        "definition when it is created).")


def test_express_refusal_pointer_escapes_state_names_as_rfc_6901_says():
    """Changed on purpose: the pointer is the model's, so `/` and `~` in a state name are
    escaped (`~1`, `~0`, RFC 6901) as in every linter finding; it was printed raw before."""
    definition = {"StartAt": "a/b~c", "States": {"a/b~c": SYNC}}
    result = simulate(definition, {}, state_machine_type="EXPRESS")
    assert result.cause == (
        "SCHEMA_VALIDATION_FAILED: Express state machine does not support 'sync' service "
        "integration at /States/a~1b~0c/Resource (AWS rejects this definition when it is "
        "created).")


def test_map_runs_the_processor_the_model_holds():
    definition = {"StartAt": "M", "States": {"M": {
        "Type": "Map", "End": True, "ItemProcessor": {"StartAt": "Double", "States": {
            "Double": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($, $)"},
                       "OutputPath": "$.v", "End": True}}}}}}
    result = simulate(definition, [1, 2])
    assert (result.status, result.output) == ("SUCCEEDED", [2, 4])


def test_an_empty_item_processor_is_not_replaced_by_a_deprecated_iterator():
    """Changed on purpose: with `ItemProcessor` present, the model (like the linter) takes it
    and ignores `Iterator`, even when it is empty; the simulator used to fall back to
    `Iterator`. AWS rejects such a definition at creation (ItemProcessor needs StartAt and
    States: /work/shared/spec/asl-semantics.md, "Map")."""
    definition = {"StartAt": "M", "States": {"M": {
        "Type": "Map", "End": True, "ItemProcessor": {},
        "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}}}}
    result = simulate(definition, [1])
    assert (result.status, result.error, result.cause) == (
        "FAILED", "asllint.InvalidDefinition",
        "The state 'None' is not defined (a Next, Default, Catch or StartAt names a missing "
        "state).")
