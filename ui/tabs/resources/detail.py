"""The selected service, as a coordinator reads it to a resident on the phone: what it is,
for whom, how to apply, what it costs, when, whom to call, where, how much room is left and
when the entry was last checked. Private contacts appear only when the detail carries them
(``app.resources.pages`` leaves them out for roles that may not see them).
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from app import codes
from app.resources import codes as rcodes
from app.resources.pages import ContactLine, PhoneLine, ServiceDetail
from ui.i18n import language, tr, trf
from ui.tabs.base import esc
from ui.tabs.member_columns import fmt

MUTED = "color:#555;"
WARN = "color:#8a5a00;"


def _phone(line: PhoneLine) -> str:
    text = line.number + (f" ({tr('내선')} {line.extension})" if line.extension else "")
    return f"{text} — {line.description}" if line.description else text


def _contact(line: ContactLine) -> str:
    who = " ".join(p for p in (line.name, line.title) if p)
    if line.department:
        who += f" ({line.department})"
    parts = [esc(who)] if who else []
    parts += [esc(_phone(p)) for p in line.phones]
    if line.email:
        parts.append(esc(line.email))
    if line.private_phone:
        # Said on the screen so it is not passed on: it stays on this PC and off printed lists.
        parts.append(f"{esc(line.private_phone)} <span style='{MUTED}'>{esc(tr('(개인 번호: 외부에 알리지 마세요)'))}</span>")
    return " · ".join(parts)


def _ages(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return trf("{minimum}~{maximum}세", minimum=minimum, maximum=maximum)
    if minimum is not None:
        return trf("{minimum}세 이상", minimum=minimum)
    if maximum is not None:
        return trf("{maximum}세 이하", maximum=maximum)
    return ""


def detail_html(detail: ServiceDetail, today: date) -> str:
    lang = language()
    s, org = detail.service, detail.organization
    status = codes.label(rcodes.SERVICE_STATUS, s.status, lang)
    head = (f"<p style='font-size: large; margin-bottom: 2px;'><b>{esc(s.name)}</b> "
            f"<span style='{MUTED}'>({esc(status)})</span></p>"
            f"<p style='margin-top: 0;'>{esc(org.name)} <span style='{MUTED}'>· "
            f"{esc(org.sector_label(lang))}</span></p>")
    if s.status == "temporarily_closed":
        until = trf("{date}까지", date=fmt(s.closed_until, lang)) if s.closed_until else ""
        head += f"<p style='{WARN}'>{esc(' '.join(p for p in (tr('일시 중단'), until, s.status_notice) if p))}</p>"
    elif s.status == "inactive":
        note = s.status_notice if s.own_status == "inactive" else tr("기관이 운영을 종료했습니다.")
        head += f"<p style='{WARN}'>{esc(' '.join(p for p in (tr('운영 종료'), note) if p))}</p>"

    who = ", ".join(p for p in (s.target_group_labels(lang), _ages(s.minimum_age, s.maximum_age)) if p)
    places = [p.name + (f" ({p.address})" if p.address else "") for p in detail.places]
    if s.area_places:
        places.append(trf("서비스 지역: {places}", places=", ".join(s.area_places)))
    if s.capacity is None:
        room = trf("정원 없음 · 현재 {use}{unit}", use=s.current_use, unit=s.capacity_unit) if s.current_use else tr("정원 없음")
    else:
        room = trf("{use}/{capacity}{unit} 이용 중 · 남은 자리 {room}", use=s.current_use, capacity=s.capacity,
                   unit=s.capacity_unit, room=s.room or 0)
    verified = (f"{fmt(s.last_verified_on, lang)} {s.last_verified_by}".strip()
                if s.last_verified_on else tr("확인한 적 없음"))
    due = s.due_for_check(today, detail.recheck_months)
    calls = [esc(_phone(p)) for p in detail.phones] + [_contact(c) for c in detail.contacts]
    rows: list[tuple[str, str]] = [
        (tr("무엇을"), esc(" · ".join(p for p in (s.kind_label(lang), s.service_area_labels(lang)) if p))),
        ("", esc(s.description)),
        (tr("누구에게"), esc(who)),
        (tr("이용 자격"), esc(s.eligibility_description)),
        (tr("신청 방법"), esc(s.application_process)),
        (tr("비용"), esc(s.fees_description)),
        (tr("운영 일정"), esc(s.schedule_description)),
        (tr("연락처"), "<br>".join(calls)),
        (tr("장소"), "<br>".join(esc(p) for p in places)),
        (tr("정원"), esc(room)),
        (tr("최근 확인"), esc(verified) + (f" <b style='{WARN}'>{esc(tr('재확인 필요'))}</b>" if due else "")),
    ]
    if org.email or org.website:
        rows.insert(8, (tr("기관 연락"), esc(" · ".join(p for p in (org.email, org.website) if p))))
    body = "<table cellspacing='0' cellpadding='3'>"
    for title, value in rows:
        if not value:
            continue
        body += (f"<tr><td style='{MUTED} padding-right:10px; white-space: nowrap;' valign='top'>{esc(title)}</td>"
                 f"<td>{value}</td></tr>")
    return head + body + "</table>"


class DetailPanel(QWidget):
    """The selected service's text, scrolling instead of cutting anything off at large fonts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setMargin(6)
        area = QScrollArea()
        area.setWidget(self.label)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(area)

    def show_detail(self, detail: ServiceDetail | None, today: date) -> None:
        if detail is None:
            self.label.setText(f"<span style='{MUTED}'>{esc(tr('자원을 고르면 자세한 내용이 여기에 나옵니다.'))}</span>")
        else:
            self.label.setText(detail_html(detail, today))

    def text(self) -> str:
        return self.label.text()
