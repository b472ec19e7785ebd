"""Network (네트워크): the council's joint projects (특화사업·공동사업) with partner
organizations, the plan items of the 지역사회보장계획, and the public–private network map
drawn from the records (who works with whom, who is not yet in the network).

Importing the package registers its error messages with ``app.errors``. Modules: ``codes``
(code lists), ``rules`` (what a record may hold), ``views`` (frozen views), ``services``
(the services), ``sources`` (where the map's links come from), ``graph`` (nodes, links,
groups, change since the previous period), ``layout`` (deterministic layouts, no Qt),
``demo`` (the demo's projects).
"""
from __future__ import annotations

from app.network import messages as _messages  # noqa: F401  (registers message codes)
