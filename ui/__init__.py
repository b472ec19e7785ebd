"""The PySide6 window. Importing it first guards ``None`` against a PySide6 refcount bug.

PySide6 6.12.0 on Python 3.11 returns ``None`` from every void method (``setText``,
``setReadOnly``...) without taking a reference to it: each call drops one of None's
references, and after a few thousand calls the interpreter aborts with "none_dealloc:
deallocating None" (seen in the UI tests; a long session of the window would meet it too).
Python 3.12 makes None immortal, which is what the binding assumes; here None's count is
raised far out of reach once, to the same effect. Remove this when PySide6 is fixed or the
project moves to Python 3.12.
"""
from __future__ import annotations

import ctypes
import sys

if sys.version_info < (3, 12):
    # 2**40 references: a void call per microsecond for twelve days before it mattered.
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
