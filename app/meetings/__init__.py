"""Meetings (회의): full council and subcommittee meetings, attendance, agenda items and
their decisions, follow-ups, minutes with approval, addenda and content hashes, and
attached files.

Importing the package registers its error messages with ``app.errors`` and installs the
guard that keeps approved minutes locked in every session (``app.meetings.lock``).
Modules: ``rules`` (pure quorum/vote/notice rules), ``settings``, ``meetings``
(meetings, attendance, 배석), ``agenda``, ``actions``, ``minutes``, ``attachments``.
"""
from __future__ import annotations

from app.meetings import messages as _messages  # noqa: F401  (registers message codes)
from app.meetings import lock as _lock

_lock.install()
