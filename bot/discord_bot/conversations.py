"""Which conversation a Discord message belongs to: bot answers and threads map to an engine Conversation."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any


def default_conversation_factory() -> Any:
    """A fresh bot.engine.Conversation (imported lazily so the bot layer loads without the index stack)."""
    from bot.engine import Conversation

    return Conversation()


class ConversationStore:
    """A bounded map from message IDs (the bot's answers) and thread IDs to conversations, oldest forgotten first."""

    def __init__(self, factory: Callable[[], Any] = default_conversation_factory, capacity: int = 5000) -> None:
        self._factory = factory
        self._capacity = capacity
        self._by_key: OrderedDict[int, Any] = OrderedDict()

    def __len__(self) -> int:
        return len(self._by_key)

    def __contains__(self, key: int) -> bool:
        return key in self._by_key

    def get(self, key: int | None) -> Any | None:
        if key is None or key not in self._by_key:
            return None
        self._by_key.move_to_end(key)
        return self._by_key[key]

    def new(self) -> Any:
        return self._factory()

    def find(self, *keys: int | None) -> Any | None:
        """The conversation of the first key that has one (e.g. the replied-to message, then the thread)."""
        for key in keys:
            conversation = self.get(key)
            if conversation is not None:
                return conversation
        return None

    def remember(self, conversation: Any, *keys: int | None) -> None:
        for key in keys:
            if key is None:
                continue
            self._by_key[key] = conversation
            self._by_key.move_to_end(key)
        while len(self._by_key) > self._capacity:
            self._by_key.popitem(last=False)
