"""Resources (지역자원): the council's directory of local resources — organizations, the
services they offer (with capacity and verification), locations, contacts and phones — and
its Korean search.

Importing the package registers its error messages with ``app.errors``. Modules: ``codes``
(code lists), ``rules`` (what a record may hold), ``views`` (frozen views), ``services``
(the services), ``search`` (the local bigram/초성 index), ``demo`` (the demo directory).
"""
from __future__ import annotations

from app.resources import messages as _messages  # noqa: F401  (registers message codes)
