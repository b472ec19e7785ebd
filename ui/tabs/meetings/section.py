"""What a section of the selected meeting (기본 정보, 출석, 안건, …) is, and what it may ask
of the tab that holds it.

A section is a page of its own: it builds its widgets and buttons, shows a meeting
(``show_detail``), enables its controls from an ``Access`` the tab works out once, and
runs its own actions. It knows the tab only as a ``MeetingHost``, so sections never
import the tab and each can be read (and tested) on its own.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from PySide6.QtWidgets import QBoxLayout, QPushButton, QWidget

from app.meetings.core import ActionView, AgendaItemView, MeetingDetail
from app.meetings.minutes import MinutesIntegrity
from ui.state import AppState

T = TypeVar("T")


class MeetingHost(Protocol):
    """The tab, as its sections see it."""

    state: AppState
    detail: MeetingDetail | None            # the meeting shown, None when none is chosen
    actions: list[ActionView]               # its follow-ups (with those of earlier items)
    integrity: MinutesIntegrity | None      # approved minutes checked against their hash

    def update_controls(self) -> None: ...

    def current_item(self) -> AgendaItemView | None:
        """The agenda item chosen in 안건 (a new follow-up starts on it)."""
        ...

    def apply_own_change(self, service: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run a meetings change that the section puts on screen itself (no reload)."""
        ...

    def take_detail(self, detail: MeetingDetail) -> None:
        """A section saved the meeting and got it back: the tab keeps it and its list row."""
        ...


@dataclass(frozen=True)
class Access:
    """What the account and the meeting allow, worked out once for every section."""

    can_edit: bool      # the account may change meetings
    open: bool          # ... and this meeting's record is not locked by approved minutes
    happened: bool      # the meeting's day has come (attendance and votes are recorded from then)


class MeetingSection(QWidget):
    """One page of the selected meeting, with its buttons in ``buttons``."""

    def __init__(self, host: MeetingHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.state = host.state
        self.buttons: dict[str, QPushButton] = {}

    def add_buttons(self, row: QBoxLayout, specs: tuple[tuple[str, Callable[[], object]], ...]) -> None:
        for key, slot in specs:
            button = QPushButton()
            button.clicked.connect(lambda _c=False, slot=slot: slot())
            self.buttons[key] = button
            row.addWidget(button)

    @property
    def detail(self) -> MeetingDetail | None:
        return self.host.detail

    def page(self) -> QWidget:
        """The widget the tab puts in its section tabs (the section, or a scroll area around it)."""
        return self

    def retranslate_ui(self) -> None:
        raise NotImplementedError

    def show_detail(self, detail: MeetingDetail | None) -> None:
        raise NotImplementedError

    def update_controls(self, access: Access) -> None:
        raise NotImplementedError

    def fit_rows(self) -> None:
        """Row heights follow the font size (``ui.appearance.fit_rows`` on each list)."""


class Forward:
    """A tab attribute that belongs to one of its sections, still readable from the tab
    (``tab.item_model`` is ``tab.items_page.item_model``)."""

    def __init__(self, section: str, name: str | None = None) -> None:
        self.section = section
        self.name = name

    def __set_name__(self, owner: type, name: str) -> None:
        if self.name is None:
            self.name = name

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return getattr(getattr(obj, self.section), self.name or "")
