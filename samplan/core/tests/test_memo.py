"""core/memo.py: a process's bounded memo, the least recently used forgotten first."""

from __future__ import annotations

from samplan.core.memo import MISSING, BoundedMemo


def test_the_least_recently_used_is_forgotten_beyond_the_size():
    memo: BoundedMemo[str] = BoundedMemo(2)
    memo.put("a", "1")
    memo.put("b", "2")
    assert memo.get("a") == "1"  # now the most recently used
    memo.put("c", "3")
    assert memo.get("b") is MISSING
    assert (memo.get("a"), memo.get("c"), len(memo)) == ("1", "3", 2)


def test_values_are_forgotten_beyond_the_weight_and_one_heavier_than_all_is_not_kept():
    memo: BoundedMemo[bytes] = BoundedMemo(100, weigh=len, max_weight=10)
    memo.put("a", b"xxxx")
    memo.put("b", b"yyyy")
    memo.put("a", b"zzzz")  # replaced: weighed once
    assert memo.weight == 8
    memo.put("c", b"wwww")  # 12 > 10: the least recently used ("b") goes
    assert memo.get("b") is MISSING
    assert (memo.get("a"), memo.get("c"), memo.weight) == (b"zzzz", b"wwww", 8)
    memo.put("d", b"x" * 11)
    assert memo.get("d") is MISSING and len(memo) == 2
    memo.clear()
    assert (len(memo), memo.weight) == (0, 0)
