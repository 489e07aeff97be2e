"""The bot's cogs: ask (questions, mentions, replies, sources), admin (reindex) and meetings."""
