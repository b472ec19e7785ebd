"""What makes a council's code and name acceptable, for a new data file, a rename and
an enrollment alike."""
from __future__ import annotations

import re

from app.errors import FieldError, ValidationFailed
from app.text_rules import check_texts

COUNCIL_CODE_PATTERN = re.compile(r"^[0-9A-Za-z-]{1,20}$")


def validate_council(code: str, name: str) -> None:
    errors = []
    if not COUNCIL_CODE_PATTERN.match(code or ""):
        errors.append(FieldError("council_code", "required" if not code else "invalid_choice", {"value": code}))
    if not (name or "").strip():
        errors.append(FieldError("council_name", "required"))
    elif len(name.strip()) > 100:
        errors.append(FieldError("council_name", "too_long", {"max": 100}))
    else:
        errors += check_texts({"council_name": name.strip()})
    if errors:
        raise ValidationFailed(errors)
