"""HSDS 3.0 (Open Referral) import and export of the resource directory.

``standard`` says what the program knows of the standard (tables, columns, the code lists
carried as taxonomies); ``export`` writes the directory as a tabular package; ``reader``
reads a package's CSV files with their limits, row by row; ``plan`` checks every row
(headers, types, ids, references, the directory's rules), compares it with the stored
records and applies it in one transaction. Importing the package registers its messages.
"""
from __future__ import annotations

from app.resources.hsds import messages as _messages  # noqa: F401  (registers message codes)
