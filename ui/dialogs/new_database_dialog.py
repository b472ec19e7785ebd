"""Creating a new data file: council code and name, and where the file goes."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.database import init_database
from db.session import Database
from ui.dialogs.base import FormDialog
from ui.i18n import N_, tr


class NewDatabaseDialog(FormDialog):
    def __init__(self, parent: QWidget | None, suggested: Path, code: str = "", name: str = "") -> None:
        super().__init__(parent, N_("새 데이터 파일"), ok_ko=N_("만들기"))
        self.database: Database | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.body.addWidget(self.intro)
        fields = self.group("")
        self.council_name = fields.add("council_name", N_("협의체 이름"), QLineEdit(name))
        self.council_code = fields.add("council_code", N_("협의체 코드"), QLineEdit(code))
        path_row = QWidget()
        row = QHBoxLayout(path_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.path = QLineEdit(str(suggested))
        self.browse = QPushButton()
        self.browse.clicked.connect(self.on_browse_clicked)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        fields.add("path", N_("저장 위치"), path_row)
        self.body.addWidget(fields)
        self.resize(560, 0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.intro.setText(tr("협의체의 자료를 담을 새 파일을 만듭니다. 코드는 행정표준코드(예: 4377034000)를 쓰면 시군구로 보낼 때 편합니다."))
        self.council_name.setPlaceholderText(tr("예: 햇살면 지역사회보장협의체"))
        self.council_code.setPlaceholderText(tr("숫자·영문 20자 이내"))
        self.browse.setText(tr("찾아보기…"))

    def on_browse_clicked(self) -> None:
        from ui.file_actions import DB_FILTER, ask_save_path

        chosen = ask_save_path(self, tr("저장 위치"), Path(self.path.text()).name or "councildesk.db",
                               DB_FILTER.split(";;")[0])
        if chosen is not None:
            self.path.setText(str(chosen))

    def save(self) -> bool:
        def action() -> None:
            self.database = init_database(Path(self.path.text().strip()), self.council_code.text().strip(),
                                          self.council_name.text())

        return self.attempt(action)
