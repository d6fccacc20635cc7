"""Import alias kept for third-party finder plugins written against asllint before 0.x's
layout change: the records now live in `asllint.sources.records`."""

from asllint.sources.records import Note, Reference, StateMachine

__all__ = ["Note", "Reference", "StateMachine"]
