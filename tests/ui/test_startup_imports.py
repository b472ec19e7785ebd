"""The login screen is painted before the database layer is loaded, which then loads on the
database worker while the person types. Each check runs run_gui in a fresh process, where
sys.modules shows what was imported at the moment the dialog was painted."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.database import close_database
from tests.conftest import make_database

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "reportlab", "openpyxl", "db", "app.database", "app.sync")

_SCRIPT = """
import json, sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

import ui.app
from ui.dialogs.login_dialog import LoginDialog

HEAVY = {heavy!r}
if not {warm_up!r}:
    ui.app.WARM_UP_STEPS = ()
seen = {{}}


def heavy_loaded():
    return sorted(m for m in sys.modules if m in HEAVY or m.split('.')[0] in HEAVY
                  or any(m.startswith(h + '.') for h in HEAVY))


class Painted(QObject):
    painted = False

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            seen['at_paint'] = heavy_loaded()
        return False


def show_and_look(dialog):
    watch = Painted(dialog)
    dialog.installEventFilter(watch)
    dialog.show()
    while not watch.painted:
        QApplication.processEvents()
    QApplication.processEvents()  # the warm-up is started just after the first paint
    future = ui.app.warm_up_future()
    seen['warm_up_started'] = future is not None
    if future is not None:
        future.result(timeout=60)
        seen['after_warm_up'] = heavy_loaded()
    return 0


LoginDialog.exec = show_and_look
seen['code'] = ui.app.run_gui(Path({path!r}), lang='ko')
print(json.dumps(seen))
"""


def _run(path: Path, home: Path, warm_up: bool) -> dict[str, object]:
    script = _SCRIPT.format(heavy=HEAVY, warm_up=warm_up, path=str(path))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COUNCILDESK_HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_login_is_painted_before_the_database_layer_loads(tmp_path: Path, isolated_home: Path) -> None:
    close_database(make_database(tmp_path / "c.db"))
    seen = _run(tmp_path / "c.db", isolated_home, warm_up=False)
    assert seen == {"at_paint": [], "warm_up_started": False, "code": 0}


def test_the_warm_up_loads_it_after_the_paint_without_alembic(tmp_path: Path, isolated_home: Path) -> None:
    """Also shows the check above is not blind: the same probe sees the warm-up's imports."""
    close_database(make_database(tmp_path / "c.db"))
    seen = _run(tmp_path / "c.db", isolated_home, warm_up=True)
    assert seen["at_paint"] == [] and seen["warm_up_started"] is True and seen["code"] == 0
    after = set(seen["after_warm_up"])  # type: ignore[arg-type]
    assert {"sqlalchemy", "db.models", "app.database", "reportlab", "openpyxl"} <= after
    assert "alembic" not in after  # loaded only when a migration is due


def test_none_survives_many_void_qt_calls() -> None:
    """PySide6 6.12.0 on Python 3.11 drops a reference to None on every void call; the
    ``ui`` package guards against it (see ui/__init__.py). Without the guard this aborts
    the interpreter ("deallocating None") long before the loop ends."""
    import os
    import subprocess
    import sys

    code = ("import ui\nfrom PySide6.QtWidgets import QApplication, QLineEdit\napp = QApplication([])\n"
            "w = QLineEdit()\nfor _ in range(20000):\n    w.setReadOnly(True)\nimport gc; gc.collect()\nprint('ok')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-500:]
