"""The components CouncilDesk ships with, their versions and licences, for the 도움말 →
라이선스 page and the bundle.

Owns the list of bundled components and where each licence text is found: in the
component's own installed metadata (``importlib.metadata``; the PyInstaller spec copies
that metadata into the bundle), or under ``resources/`` for the fonts and for Qt, whose
wheel carries no licence file. No Qt here: the window only shows what this module says.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata

from app.i18n import N_
from app.paths import resources_dir


@dataclass(frozen=True)
class Component:
    name: str
    purpose: str  # Korean, what it does for CouncilDesk
    licence: str
    distribution: str = ""  # the package whose version and licence files are read
    resource_files: tuple[str, ...] = ()  # licence texts under resources/
    url: str = ""

    @property
    def version(self) -> str:
        if not self.distribution:
            return ""
        try:
            return metadata.version(self.distribution)
        except metadata.PackageNotFoundError:
            return ""


COMPONENTS: tuple[Component, ...] = (
    Component("Qt for Python (PySide6)", N_("창과 화면"), "LGPL-3.0", "PySide6-Essentials",
              ("licenses/LGPL-3.0.txt", "licenses/GPL-3.0.txt"), "https://www.qt.io/qt-for-python"),
    Component("SQLCipher (sqlcipher3)", N_("데이터 파일 암호화"), "BSD-3-Clause (SQLCipher), zlib (sqlcipher3)",
              "sqlcipher3", url="https://www.zetetic.net/sqlcipher/license/"),
    Component("SQLAlchemy", N_("데이터베이스"), "MIT", "SQLAlchemy", url="https://www.sqlalchemy.org"),
    Component("Alembic", N_("데이터 파일 형식 변경"), "MIT", "alembic", url="https://alembic.sqlalchemy.org"),
    Component("ReportLab", N_("PDF 인쇄물"), "BSD-3-Clause", "reportlab", url="https://www.reportlab.com"),
    Component("openpyxl", N_("엑셀 가져오기·내보내기"), "MIT", "openpyxl", url="https://openpyxl.readthedocs.io"),
    Component("python-hwpx", N_("한글(HWPX) 문서"), "Apache-2.0", "python-hwpx",
              url="https://github.com/airmang/python-hwpx"),
    Component("lxml", N_("한글(HWPX) 문서의 XML"), "BSD-3-Clause", "lxml", url="https://lxml.de"),
    Component("cryptography", N_("계정별 열쇠 봉인"), "Apache-2.0 OR BSD-3-Clause", "cryptography",
              url="https://cryptography.io"),
    Component("argon2-cffi", N_("비밀번호에서 열쇠 만들기"), "MIT", "argon2-cffi", url="https://argon2-cffi.readthedocs.io"),
    Component("PyNaCl (libsodium)", N_("동기화 꾸러미 서명·암호화"), "Apache-2.0, ISC (libsodium)", "PyNaCl",
              url="https://pynacl.readthedocs.io"),
    Component("platformdirs", N_("데이터 폴더 위치"), "MIT", "platformdirs", url="https://platformdirs.readthedocs.io"),
    Component("나눔명조·나눔고딕 (Nanum)", N_("인쇄물 글꼴"), "OFL-1.1", "",
              ("fonts/LICENSE-Nanum-OFL.txt",), "https://hangeul.naver.com"),
)


def _is_licence_file(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].upper()
    return "LICEN" in name or "COPYING" in name or name.startswith("NOTICE")


def licence_text(component: Component) -> str:
    """The licence texts of ``component``, one after another under their file names; a
    note with the licence's name and address when none is installed."""
    parts: list[str] = []
    for relative in component.resource_files:
        path = resources_dir() / relative
        if path.exists():
            parts.append(f"==== {path.name} ====\n{path.read_text(encoding='utf-8')}")
    if component.distribution:
        try:
            files = metadata.files(component.distribution) or []
        except metadata.PackageNotFoundError:
            files = []
        for file in files:
            if ".dist-info/" in str(file) and _is_licence_file(str(file)):
                parts.append(f"==== {file.name} ====\n{file.read_text(encoding='utf-8')}")
    if not parts:
        return f"{component.name}: {component.licence}\n{component.url}"
    return "\n\n".join(parts)


__all__ = ["COMPONENTS", "Component", "licence_text"]
