"""Short keys and one-time codes for workshops. Pure: no database.

Both use 31 characters that cannot be mistaken for each other when read aloud or typed on a
phone (no 0/o, 1/l/i). A one-time code has 10 of them, about 49 bits: with the join form limited
per address (settings.RATE_LIMITS["workshop_join"]) guessing one is hopeless."""

from __future__ import annotations

import secrets

ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
KEY_LENGTH = 8
CODE_LENGTH = 10


def random_key(length: int = KEY_LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def random_code() -> str:
    return random_key(CODE_LENGTH)


def normalise(typed: str) -> str:
    """A code as typed (any case, spaces or dashes between groups) in its stored form."""
    return "".join(ch for ch in typed.lower() if ch.isalnum())


def grouped(code: str) -> str:
    """A code in groups for reading aloud and typing: "abcd-efgh-jk"."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
