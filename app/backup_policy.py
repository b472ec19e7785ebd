"""Which automatic backups to keep: the newest per day for 7 days, per ISO week for 4
weeks and per month for 12 months (grandfather-father-son), and always the newest."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime


def backups_to_keep(stamps: Sequence[datetime], daily: int = 7, weekly: int = 4, monthly: int = 12) -> set[datetime]:
    newest_first = sorted(set(stamps), reverse=True)
    keep: set[datetime] = set(newest_first[:1])
    for bucket_of, limit in (
        (lambda s: s.date(), daily),
        (lambda s: s.isocalendar()[:2], weekly),
        (lambda s: (s.year, s.month), monthly),
    ):
        seen: list[object] = []
        for stamp in newest_first:
            bucket = bucket_of(stamp)
            if bucket in seen:
                continue
            if len(seen) >= limit:
                break
            seen.append(bucket)
            keep.add(stamp)
    return keep
