"""How soon the window shows its login screen, next to a bare PySide6 window.

Each run is a fresh process started the way a person starts the program (``python -m app
gui --db FILE``, off-screen). The process prints the wall-clock time at which the login
dialog's first paint event arrives, then closes the dialog; the same is done for a bare
``QMainWindow`` process. Time-to-paint is counted from just before the process is
started, so interpreter start-up is in both. The target from the issue: the login screen
is painted within 1.5x the bare window's time. Also printed: how long after the paint the
heavy imports (SQLAlchemy, the models, PDF and Excel libraries) are ready on the database
worker, i.e. how long a person would have to type before the login is as fast as ever.

Figures are printed (run with ``-m benchmark -s``); nothing is asserted about time, since
office PCs differ. ``print minutes`` is timed in test_cli_startup_benchmark.py.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.database import close_database
from tests.conftest import make_database

pytestmark = pytest.mark.benchmark
ROOT = Path(__file__).resolve().parents[2]
TARGET_RATIO = 1.5
RUNS = 5

# Prints "PAINTED <time>" at the first paint of a top-level window, then calls after_paint.
_PROBE = """
import sys, time

def watch_first_paint(app, after_paint):
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QWidget

    class FirstPaint(QObject):
        done = False
        def eventFilter(self, obj, event):
            if (not self.done and event.type() == QEvent.Type.Paint and isinstance(obj, QWidget)
                    and obj.isWindow()):
                self.done = True
                print(f"PAINTED {time.time():.6f}", flush=True)
                QTimer.singleShot(0, lambda: after_paint(obj))
            return False

    probe = FirstPaint(app)
    app.installEventFilter(probe)
"""

_BARE = _PROBE + """
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
watch_first_paint(app, lambda window: app.quit())
window = QMainWindow()
window.resize(500, 300)
window.show()
app.exec()
"""

# The same kinds of widgets as the login dialog, with nothing of ours: what Qt itself costs
# to paint such a dialog (the first use of each Qt class builds its Python enums).
_BARE_DIALOG = _PROBE + """
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout)

app = QApplication(sys.argv[:1])
watch_first_paint(app, lambda window: app.quit())
dialog = QDialog()
layout = QVBoxLayout(dialog)
title = QLabel("<b>title</b>")
title.setTextFormat(Qt.TextFormat.RichText)
layout.addWidget(title)
form = QFormLayout()
password = QLineEdit()
password.setEchoMode(QLineEdit.EchoMode.Password)
form.addRow("user", QLineEdit())
form.addRow("password", password)
layout.addLayout(form)
link = QPushButton("link")
link.setCursor(Qt.CursorShape.PointingHandCursor)
layout.addWidget(link, 0, Qt.AlignmentFlag.AlignLeft)
buttons = QDialogButtonBox()
buttons.addButton("OK", QDialogButtonBox.ButtonRole.AcceptRole)
layout.addWidget(buttons)
dialog.show()
app.exec()
"""

_AFTER_PAINT = """
def after_paint(window):
    # Wait for the warm-up on the database worker, as a person typing would, then quit.
    import ui.app
    future = ui.app.warm_up_future()
    if future is not None:
        future.result()
        print(f"WARMED {time.time():.6f}", flush=True)
    window.close()

def watched(run_gui):
    def run(*args, **kwargs):
        import ui.app
        watch_first_paint(ui.app._application(), after_paint)
        return run_gui(*args, **kwargs)
    return run
"""

# As the installed program starts (packaging/launch.py: the window registered directly);
# the probe only makes the QApplication a moment before run_gui would, to watch it paint.
_LAUNCHER = _PROBE + _AFTER_PAINT + """
import app.cli

register_gui = app.cli.register_gui
app.cli.register_gui = lambda run_gui: register_gui(watched(run_gui))
sys.argv = ["launch.py", "--db", sys.argv[1]]
with open("packaging/launch.py", encoding="utf-8") as source:  # not runpy: it loads pkgutil, which the bundle does not
    exec(compile(source.read(), "packaging/launch.py", "exec"), {"__name__": "__main__"})
"""

# As ``python -m app gui`` starts: the window found through its entry point.
_MODULE = _PROBE + _AFTER_PAINT + """
import app.cli.gui as gui

find_runner = gui._gui_runner
gui._gui_runner = lambda: watched(find_runner())
from app.cli import main
sys.exit(main(["gui", "--db", sys.argv[1]]))
"""


def _run(script: str, args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from just before the process starts to each mark it prints, and its CPU."""
    before = os.times()
    started = time.time()
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True, timeout=120)
    after = os.times()
    marks = {line.split()[0]: float(line.split()[1]) - started for line in done.stdout.splitlines()
             if line.startswith(("PAINTED ", "WARMED "))}
    assert "PAINTED" in marks, done.stderr
    marks["cpu"] = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return marks


def test_time_to_painted_login(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COUNCILDESK_HOME": str(home),
           "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    db_file = tmp_path / "council.db"
    close_database(make_database(db_file))

    kinds = {"bare": (_BARE, []), "dialog": (_BARE_DIALOG, []), "launcher": (_LAUNCHER, [str(db_file)]),
             "module": (_MODULE, [str(db_file)])}
    runs: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
    for script, args in kinds.values():
        _run(script, args, env)  # warm-up: file and bytecode caches
    for _ in range(RUNS):  # interleaved, so a busy moment of the machine hits all alike
        for kind, (script, args) in kinds.items():
            runs[kind].append(_run(script, args, env))

    def median(kind: str, key: str = "PAINTED") -> float:
        return statistics.median(run[key] for run in runs[kind])

    def line(label: str, kind: str) -> str:
        best = min(run["PAINTED"] for run in runs[kind])
        return (f"{label:<40} median {median(kind):.2f} s (best {best:.2f} s), {median(kind) / median('bare'):.2f}x "
                f"the bare window; {median(kind, 'cpu'):.2f} s CPU to exit")

    lines = [
        line("bare QMainWindow painted:", "bare"),
        line("bare QDialog, the login's widgets:", "dialog"),
        line("login painted, installed launcher:", "launcher") + f"   (target <= {TARGET_RATIO}x)",
        line("login painted, python -m app gui:", "module"),
    ]
    warmed = [run["WARMED"] - run["PAINTED"] for kind in ("launcher", "module") for run in runs[kind] if "WARMED" in run]
    if warmed:
        lines.append(f"heavy imports ready {statistics.median(warmed):.2f} s after the paint, on the worker while "
                     "the person types (the login CPU above includes it)")
    with capsys.disabled():
        print("\nStart-up to a painted login\n  " + "\n  ".join(lines))
