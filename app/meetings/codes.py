"""Code lists of the Meetings area (stored codes → Korean and English labels)."""
from __future__ import annotations

from app.codes import Labels

MEETING_KIND: Labels = {
    "regular": ("정기회의", "Regular meeting"),
    "extraordinary": ("임시회의", "Extraordinary meeting"),
    "subcommittee": ("분과회의", "Subcommittee meeting"),
}
FULL_COUNCIL_KINDS = ("regular", "extraordinary")

MEETING_STATUS: Labels = {
    "planned": ("개최 예정", "Planned"),
    "held": ("개최(회의록 작성 중)", "Held (minutes in draft)"),
    "approved": ("회의록 승인", "Minutes approved"),
}

CALLED_BY: Labels = {
    "chair": ("위원장 소집", "Called by the chair"),
    "members_request": ("재적위원 3분의 1 이상 요구", "Requested by a third of the members"),
}

ATTENDANCE: Labels = {
    "present": ("출석", "Present"),
    "absent": ("결석", "Absent"),
    "excused": ("사유결석", "Excused"),
}

GUEST_KIND: Labels = {
    "official": ("관계 공무원", "Official"),
    "guest": ("참관인", "Guest"),
}

ITEM_KIND: Labels = {
    "report": ("보고", "Report"),
    "resolution": ("심의·의결", "Resolution"),
    "discussion": ("토의", "Discussion"),
}
# How items are numbered in a booklet: 보고 제1호, 의안 제1호, 토의 제1호.
ITEM_NUMBER_PREFIX = {"report": "보고", "resolution": "의안", "discussion": "토의"}
ITEM_KIND_ORDER = {"report": 0, "resolution": 1, "discussion": 2}

RESULT: Labels = {
    "passed": ("원안가결", "Passed as proposed"),
    "amended": ("수정가결", "Passed as amended"),
    "rejected": ("부결", "Rejected"),
    "deferred": ("보류", "Deferred"),
}
PASSING_RESULTS = ("passed", "amended")
DECIDED_RESULTS = ("passed", "amended", "rejected")

CASTING_VOTE: Labels = {"yes": ("가", "Yes"), "no": ("부", "No")}

ACTION_STATUS: Labels = {
    "open": ("진행 중", "Open"),
    "done": ("완료", "Done"),
    "dropped": ("취소", "Dropped"),
}

TIE_RULE: Labels = {
    "reject": ("가부동수이면 부결", "A tie is rejected"),
    "casting": ("가부동수이면 위원장이 결정", "The chair decides a tie"),
}
