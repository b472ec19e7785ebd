"""The access log in words an auditor reads: whose record ("위원 홍길동"), which list and
how many rows, which fields changed from what to what — instead of the stored JSON and
UUIDs (issue 8). Used by the viewer and its Excel export; nothing here reads the database.
"""
from __future__ import annotations

import json
from typing import Any

from app.errors import field_label
from app.i18n import N_, gettext, translate
from app.security.permissions import ROLES

# Lists a view entry may name ("list" in its details).
LIST_NAMES = {"all": N_("전체"), "active": N_("재임"), "ended": N_("임기만료·해촉"), "pending": N_("위촉예정")}
# Values too long to be worth repeating in one line of the log.
VALUE_CHARS = 40
FIELDS_SHOWN = 6


def _details(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    text = str(value)
    return text if len(text) <= VALUE_CHARS else text[:VALUE_CHARS - 1] + "…"


def target_text(table_label: str, target_id: str, name: str) -> str:
    """"위원 홍길동"; without a name, the kind and the start of the id (or the account)."""
    if name:
        return f"{table_label} {name}"
    if target_id and len(target_id) > 12:
        return f"{table_label} {target_id[:8]}"
    return f"{table_label} {target_id}".strip()


def details_text(action: str, details: str, lang: str, name: str = "") -> str:
    """One line saying what the entry recorded."""
    data = _details(details)
    if data is None:
        return details
    if action == "view" and "list" in data:
        text = translate(N_("목록 조회({list}), {rows}건"), lang,
                         list=gettext(LIST_NAMES.get(str(data["list"]), str(data["list"])), lang),
                         rows=data.get("rows", 0))
        if data.get("query"):
            text += translate(N_(", 찾은 말 '{query}'"), lang, query=data["query"])
        return text
    if action == "view" and "import_check" in data:
        return translate(N_("엑셀 가져오기 확인 ({file})"), lang, file=data["import_check"])
    if action == "view" and set(data) <= {"name"}:
        return translate(N_("상세 조회"), lang)
    if action in ("update", "delete", "restore") and all(isinstance(v, list) and len(v) == 2 for v in data.values()):
        shown = [f"{field_label(k, lang)}: {_value(old)} → {_value(new)}"
                 for k, (old, new) in data.items() if k != "deleted_at"][:FIELDS_SHOWN]
        more = len(data) - len(shown) - (1 if "deleted_at" in data else 0)
        if more > 0:
            shown.append(translate(N_("외 {n}개 항목"), lang, n=more))
        return "; ".join(shown)
    if action == "create":
        shown = [f"{field_label(k, lang)} {_value(v)}" for k, v in data.items()
                 if v not in (None, "", False) and not k.endswith("_id")][:FIELDS_SHOWN]
        return ", ".join(shown)
    if action == "login_failed":
        return translate(N_("로그인 실패 ({machine})"), lang, machine=data.get("machine", ""))
    parts: list[str] = []
    for key in ("document", "file", "command"):
        if data.get(key):
            parts.append(str(data[key]))
    if "rows" in data:
        parts.append(translate(N_("{rows}건"), lang, rows=data["rows"]))
    if data.get("grant"):
        ko, en = ROLES.get(str(data["grant"]), (str(data["grant"]),) * 2)
        parts.append(translate(N_("권한: {role}"), lang, role=ko if lang == "ko" else en))
    if isinstance(data.get("fields"), list):
        parts.append(translate(N_("항목: {fields}"), lang,
                               fields=", ".join(field_label(str(f), lang) for f in data["fields"])))
    known = {"document", "file", "command", "rows", "fields", "grant"}
    parts += [f"{field_label(str(k), lang)}: {_value(v)}" for k, v in data.items() if k not in known]
    return ", ".join(parts)
