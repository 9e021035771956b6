"""The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the last a check."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, ...


def check_char(first17: str) -> str:
    """The 18th character of a unified social credit code."""
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    if len(code) != 18 or any(ch not in ALPHABET for ch in code):
        return False
    return check_char(code[:17]) == code[17]
