"""whomet: cited answers about who met whom, when, where and about what, from a news archive."""

__version__ = "0.1.0"
