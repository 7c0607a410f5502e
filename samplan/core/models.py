"""Per-IP request counters for the public forms (see samplan.core.ratelimit)."""

from __future__ import annotations

from django.db import models


class RateLimitCounter(models.Model):
    """How many requests one client address made to one scope in one fixed time window.

    Kept in the database so every app process shares the same counts (no cache service)."""

    scope = models.CharField(max_length=40)
    ip = models.CharField(max_length=64)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "ip", "window_start"], name="core_ratelimit_unique_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.ip} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
