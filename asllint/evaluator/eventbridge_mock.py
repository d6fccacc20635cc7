"""Import alias kept for users of the README's Python example: the bus lives in
`asllint.eventbridge.bus`, with the rest of the EventBridge domain."""

from asllint.eventbridge.bus import *  # noqa: F401,F403
from asllint.eventbridge.bus import EventBridgeMock, count_duplicates  # noqa: F401
