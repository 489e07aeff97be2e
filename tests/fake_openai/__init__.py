"""A fake OpenAI-compatible chat server (aiohttp on loopback) to run the real `openai` client against."""

from tests.fake_openai.server import FakeOpenAI, Reply, injected, obey_injections

__all__ = ["FakeOpenAI", "Reply", "injected", "obey_injections"]
