"""Builds the Debian package of CouncilDesk (``dist/councildesk_VERSION_ARCH.deb``) from the
PyInstaller one-folder bundle, and owns what goes into it: the control file, the menu
entry, the launcher on PATH, the icons and the copyright note.

    python3 packaging/build_deb.py                 # venv + PyInstaller + .deb (minutes)
    python3 packaging/build_deb.py --bundle dist/CouncilDesk   # wrap an existing bundle

The program goes to /opt/councildesk (read-only for users); data, settings and logs stay
in each user's own folders (app/paths.py: ~/.local/share/CouncilDesk and friends), so the
package needs no maintainer scripts: dpkg's triggers refresh the menu and icon caches.
Standard library only, so the tests can import it without PyInstaller.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "councildesk"
INSTALL_DIR = "/opt/councildesk"
# The name packaging/councildesk.spec gives the executable and the bundle folder.
BUNDLE_NAME = "CouncilDesk"
KOREAN_NAME = "협의체 데스크"
DEFAULT_MAINTAINER = "CouncilDesk maintainers <councildesk@invalid>"
ICON_SIZES = (16, 32, 48, 64, 128, 256)
# The system libraries the bundled Qt loads (the xcb ones for a window on X11): the list in
# packaging/bootstrap.sh without its test tools (tests keep the two in step), plus what
# Qt's Wayland plugin links to, for a Wayland session. Found by ldd in packaging/test_deb.sh.
QT_DEPENDS = (
    "libegl1", "libgl1", "libfontconfig1", "libglib2.0-0", "libxkbcommon0", "libdbus-1-3",
    "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1",
    "libxcb-render-util0", "libxcb-shape0", "libxkbcommon-x11-0",
)
WAYLAND_DEPENDS = ("libwayland-cursor0", "libwayland-egl1")
RUNTIME_DEPENDS = QT_DEPENDS + WAYLAND_DEPENDS
# On every desktop anyway: GTK for Qt's GTK look (the plugin is skipped without it) and the
# 'lp' command that 인쇄 hands PDFs to.
RECOMMENDS = ("libgtk-3-0", "cups-client")
LONG_DESCRIPTION = (
    "Desktop program for Korean community social-security councils",
    "(지역사회보장협의체): members, meetings with notices, attendance and minutes",
    "(PDF and 한글 HWPX), the resource directory, cases, Excel exchange and",
    "encrypted USB sync with the city. Data is kept encrypted in each user's",
    "own folder (~/.local/share/CouncilDesk).",
)


@dataclass(frozen=True)
class ProjectInfo:
    name: str
    version: str
    summary: str


def read_project(pyproject: Path = ROOT / "pyproject.toml") -> ProjectInfo:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return ProjectInfo(project["name"], project["version"], project["description"])


def debian_version(version: str) -> str:
    """PEP 440 to Debian: a pre-release sorts before its release only with a tilde."""
    match = re.fullmatch(r"(\d+(?:\.\d+)*)(?:\.?(a|b|rc|dev)(\d*))?", version)
    if match is None:
        raise ValueError(f"unsupported version for a Debian package: {version!r}")
    release, tag, number = match.groups()
    upstream = f"{release}~{tag}{number}" if tag else release
    return f"{upstream}-1"


def control_text(info: ProjectInfo, architecture: str, installed_size_kib: int,
                 maintainer: str = DEFAULT_MAINTAINER) -> str:
    # Extended description lines start with a space; an empty line would be " .".
    body = "\n".join(f" {line}" for line in LONG_DESCRIPTION)
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {debian_version(info.version)}\n"
        f"Architecture: {architecture}\n"
        f"Maintainer: {maintainer}\n"
        f"Installed-Size: {installed_size_kib}\n"
        f"Depends: {', '.join(RUNTIME_DEPENDS)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        f"Description: {info.summary}\n"
        f"{body}\n"
    )


def desktop_entry(info: ProjectInfo) -> str:
    # StartupWMClass: Qt names an X11 window's class after the application (ui/app.py).
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={KOREAN_NAME}\n"
        "Name[en]=CouncilDesk\n"
        f"Name[ko]={KOREAN_NAME}\n"
        "GenericName=협의체 업무 프로그램\n"
        "GenericName[en]=Council office program\n"
        f"Comment={info.summary}\n"
        "Comment[en]=Members, meetings, minutes and the resource directory of a council\n"
        f"Exec={PACKAGE}\n"
        f"Icon={PACKAGE}\n"
        "Terminal=false\n"
        "Categories=Office;\n"
        "Keywords=협의체;지역사회보장;회의록;council;minutes;\n"
        f"StartupWMClass={BUNDLE_NAME}\n"
    )


def launcher_script() -> str:
    # Without a UTF-8 locale Qt warns and guesses; office PCs set one, a bare session may not.
    return (
        "#!/bin/sh\n"
        "# CouncilDesk: the program lives in /opt/councildesk, data in the user's own folders.\n"
        'case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in\n'
        "  *[Uu][Tt][Ff]-8*|*[Uu][Tt][Ff]8*) ;;\n"
        "  *) export LC_ALL=C.UTF-8 ;;\n"
        "esac\n"
        f'exec {INSTALL_DIR}/{BUNDLE_NAME} "$@"\n'
    )


def copyright_text() -> str:
    return (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: CouncilDesk\n"
        "\n"
        "Files: *\n"
        "Copyright: CouncilDesk authors\n"
        "License: proprietary\n"
        " The bundled components (Qt/PySide6 under LGPL-3.0, SQLCipher, SQLAlchemy, reportlab,\n"
        " python-hwpx, the Nanum fonts under SIL OFL 1.1 and others) keep their own licences.\n"
        f" Their texts are in {INSTALL_DIR}/_internal/resources/licenses,\n"
        f" {INSTALL_DIR}/_internal/resources/fonts and the *.dist-info folders beside them,\n"
        " and the program lists them under 도움말 → 라이선스.\n"
    )


def _normalise_modes(tree: Path) -> None:
    """Directories 755, files 644 or 755: a bundle copied from a build tree may carry odd modes."""
    for path in [tree, *tree.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o755 if path.stat().st_mode & 0o111 else 0o644)


def _installed_size_kib(tree: Path) -> int:
    total = sum(p.lstat().st_size for p in tree.rglob("*") if p.is_file() or p.is_symlink())
    return (total + 1023) // 1024


def stage(bundle: Path, staging: Path, info: ProjectInfo, architecture: str,
          maintainer: str = DEFAULT_MAINTAINER) -> None:
    """Lay out the package's file tree (and DEBIAN/control) under ``staging``."""
    if not (bundle / BUNDLE_NAME).is_file():
        raise FileNotFoundError(f"{bundle} has no {BUNDLE_NAME} executable: not a PyInstaller bundle")
    shutil.copytree(bundle, staging / INSTALL_DIR.lstrip("/"), symlinks=True)
    usr = staging / "usr"
    (usr / "bin").mkdir(parents=True)
    (usr / "bin" / PACKAGE).write_text(launcher_script(), encoding="utf-8")
    (usr / "bin" / PACKAGE).chmod(0o755)
    (usr / "share" / "applications").mkdir(parents=True)
    (usr / "share" / "applications" / f"{PACKAGE}.desktop").write_text(desktop_entry(info), encoding="utf-8")
    icons = ROOT / "packaging" / "icons"
    hicolor = usr / "share" / "icons" / "hicolor"
    for size in ICON_SIZES:
        target = hicolor / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copyfile(icons / f"councildesk-{size}.png", target / f"{PACKAGE}.png")
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copyfile(icons / "councildesk.svg", hicolor / "scalable" / "apps" / f"{PACKAGE}.svg")
    doc = usr / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(copyright_text(), encoding="utf-8")
    _normalise_modes(staging)
    size = _installed_size_kib(staging)
    (staging / "DEBIAN").mkdir(mode=0o755)
    (staging / "DEBIAN" / "control").write_text(
        control_text(info, architecture, size, maintainer), encoding="utf-8")
    (staging / "DEBIAN" / "control").chmod(0o644)


def build_deb(bundle: Path, out_dir: Path, maintainer: str = DEFAULT_MAINTAINER,
              compression: str = "zstd") -> Path:
    info = read_project()
    architecture = subprocess.run(["dpkg", "--print-architecture"], check=True,
                                  capture_output=True, text=True).stdout.strip()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{PACKAGE}_{debian_version(info.version)}_{architecture}.deb"
    with tempfile.TemporaryDirectory(prefix="councildesk-deb-") as temp:
        staging = Path(temp) / "root"
        stage(bundle, staging, info, architecture, maintainer)
        # --root-owner-group: files belong to root in the package without needing fakeroot.
        subprocess.run(["dpkg-deb", "--root-owner-group", f"-Z{compression}", "--build",
                        str(staging), str(target)], check=True)
    return target


def _build_python(venv: Path) -> Path:
    """A venv with exactly the app's pinned dependencies and PyInstaller (no test tools)."""
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    stamp = venv / f".installed-{hashlib.sha1((ROOT / 'pyproject.toml').read_bytes()).hexdigest()[:12]}"
    if not stamp.exists():
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        f"{ROOT}[packaging]"], check=True)
        for old in venv.glob(".installed-*"):
            old.unlink()
        stamp.touch()
    return python


def run_pyinstaller(python: Path) -> Path:
    subprocess.run([str(python), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build" / "pyinstaller"),
                    str(ROOT / "packaging" / "councildesk.spec")], check=True, cwd=ROOT,
                   env={**os.environ, "LANG": "C.UTF-8"})
    return ROOT / "dist" / BUNDLE_NAME


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CouncilDesk .deb 만들기")
    parser.add_argument("--bundle", type=Path, help="이미 만든 PyInstaller 폴더 (없으면 새로 빌드)")
    parser.add_argument("--python", type=Path,
                        help="앱과 PyInstaller가 설치된 Python (없으면 build/venv를 만들어 씀)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--maintainer", default=os.environ.get("DEB_MAINTAINER", DEFAULT_MAINTAINER))
    # zstd: seconds where xz takes minutes for the 270 MB bundle, and every system that can
    # run the bundle (glibc 2.34+: Debian 12, Ubuntu 22.04 and later) has a dpkg that reads it.
    parser.add_argument("--compression", default="zstd", choices=("zstd", "xz", "gzip", "none"))
    args = parser.parse_args(argv)
    bundle = args.bundle
    if bundle is None:
        bundle = run_pyinstaller(args.python or _build_python(ROOT / "build" / "venv"))
    print(build_deb(bundle.resolve(), args.out.resolve(), args.maintainer, args.compression))
    return 0


if __name__ == "__main__":
    sys.exit(main())
