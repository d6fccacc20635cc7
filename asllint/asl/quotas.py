"""Every numeric quota of Step Functions (and of the EventBridge PutEvents call it makes) that the
linter or the simulator checks, in one table. Source: /spec/quotas.md, section by section."""

# -- payloads and definitions
PAYLOAD_BYTES = 262_144  # state/task input, output and result, UTF-8 (hard quota)
NAME_MAX_CHARS = 80  # state, variable, state machine, execution and activity names

# -- execution and task time
HISTORY_EVENTS = 25_000  # Standard executions fail on reaching it
STANDARD_MAX_DURATION = 365 * 24 * 3600  # one year: also the longest Wait in a STANDARD execution
EXPRESS_MAX_DURATION = 300  # five minutes: also the longest Wait in an EXPRESS execution
TASK_DEFAULT_TIMEOUT = 99_999_999  # AWS default TimeoutSeconds/HeartbeatSeconds
RETRY_FIELD_MAX = 99_999_999  # IntervalSeconds and MaxAttempts
DEFAULT_MAX_TRANSITIONS = 50_000  # simulator cap, not an AWS quota: stops machines that loop forever

# -- Map
INLINE_MAP_MAX_CONCURRENCY = 40
MAP_BATCH_MAX_BYTES = PAYLOAD_BYTES  # ItemBatcher.MaxInputBytesPerBatch: a batch is one child input
ITEM_READER_MAX_ITEMS = 100_000_000  # ItemReader.ReaderConfig.MaxItems

# -- intrinsic functions
INTRINSIC_NESTING_MAX = 10  # nested calls per field
ARRAY_RANGE_MAX = 1000  # items States.ArrayRange may return
ENCODE_MAX_CHARS = 10_000  # States.Base64Encode/Decode and States.Hash input

# -- EventBridge PutEvents (BOTO-EV)
PUTEVENTS_MAX_ENTRIES = 10
PUTEVENTS_REQUEST_BYTES = 256 * 1024  # total entry size of one request (the long-standing limit)
DETAIL_TYPE_MAX_CHARS = 128
TRACE_HEADER_MAX_CHARS = 500
RESOURCE_ITEM_MAX_CHARS = 2048
EVENT_BUS_NAME_MAX_CHARS = 1600
