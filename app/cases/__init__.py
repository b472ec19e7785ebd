"""Case work (사례관리·사례회의): people in need, their consents per purpose, cases with
their steps and due days, case conferences and referrals to the resource directory.

Importing the package registers its error messages with ``app.errors``. Modules: ``codes``
(code lists), ``rules`` (what a record may hold; records arriving by sync), ``due`` (due
days and overdue flags), ``consent`` (who may receive what; the sync hook), ``views``
(frozen views), ``services`` (clients, consents, cases), ``conferences``, ``referrals``,
``retention`` (the purge) and ``demo``. Every read and write of case data goes through
these modules, so the "cases" compartment's sealing (issue 13) is wired here alone.
"""
from __future__ import annotations

from app.cases import messages as _messages  # noqa: F401  (registers message codes)
