"""The .deb's control file, menu entry, launcher and icons, built from pyproject.toml and read
back by dpkg itself — without PyInstaller (the full build and install is packaging/test_deb.sh)."""
from __future__ import annotations

import configparser
import importlib.util
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
needs_dpkg = pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb: Debian-family systems only")


def _load_build_deb() -> ModuleType:
    # packaging/ is not a Python package (the name would shadow PyPI's 'packaging').
    spec = importlib.util.spec_from_file_location("councildesk_build_deb", ROOT / "packaging" / "build_deb.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


build_deb = _load_build_deb()


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture
def fake_bundle(tmp_path: Path) -> Path:
    """What PyInstaller leaves in dist/CouncilDesk, in miniature."""
    bundle = tmp_path / "bundle"
    (bundle / "_internal" / "resources").mkdir(parents=True)
    executable = bundle / build_deb.BUNDLE_NAME
    executable.write_text("#!/bin/sh\necho bundle\n")
    executable.chmod(0o700)
    (bundle / "_internal" / "resources" / "data.txt").write_text("x" * 5000)
    (bundle / "_internal" / "resources" / "data.txt").chmod(0o600)
    return bundle


@pytest.fixture
def built_deb(tmp_path: Path, fake_bundle: Path) -> Path:
    return build_deb.build_deb(fake_bundle, tmp_path / "out", compression="gzip")


def _dpkg_deb(*args: str) -> str:
    return subprocess.run(["dpkg-deb", *args], check=True, capture_output=True, text=True).stdout


def test_debian_version_orders_pre_releases_before_the_release() -> None:
    assert build_deb.debian_version("0.1.0") == "0.1.0-1"
    assert build_deb.debian_version("1.2.0rc1") == "1.2.0~rc1-1"
    with pytest.raises(ValueError):
        build_deb.debian_version("1.0+local")
    if shutil.which("dpkg"):
        assert subprocess.run(["dpkg", "--compare-versions", "1.2.0~rc1-1", "lt", "1.2.0-1"]).returncode == 0


@needs_dpkg
def test_control_file_read_back_by_dpkg(built_deb: Path) -> None:
    project = _pyproject()["project"]
    version = build_deb.debian_version(project["version"])
    assert built_deb.name == f"councildesk_{version}_{_dpkg_deb('--field', str(built_deb), 'Architecture').strip()}.deb"
    fields = dict(line.split(": ", 1) for line in _dpkg_deb("--field", str(built_deb), "Package", "Version",
                                                            "Depends", "Recommends", "Description").splitlines()
                  if ": " in line and not line.startswith(" "))
    assert fields["Package"] == "councildesk"
    assert fields["Version"] == version
    assert fields["Description"] == project["description"]
    assert fields["Depends"].split(", ") == list(build_deb.RUNTIME_DEPENDS)
    assert "cups-client" in fields["Recommends"].split(", ")
    # The fake bundle's 5000-byte file and the icons count; the control file does not.
    assert int(_dpkg_deb("--field", str(built_deb), "Installed-Size")) >= 5


@needs_dpkg
def test_package_lays_out_program_launcher_menu_entry_and_icons(built_deb: Path) -> None:
    listing = _dpkg_deb("--contents", str(built_deb))
    entries = {line.split()[-1] if "->" not in line else line.split()[-3]: line for line in listing.splitlines()}
    expected = ["./opt/councildesk/CouncilDesk", "./opt/councildesk/_internal/resources/data.txt",
                "./usr/bin/councildesk", "./usr/share/applications/councildesk.desktop",
                "./usr/share/icons/hicolor/scalable/apps/councildesk.svg", "./usr/share/doc/councildesk/copyright",
                *(f"./usr/share/icons/hicolor/{n}x{n}/apps/councildesk.png" for n in build_deb.ICON_SIZES)]
    for path in expected:
        assert path in entries, path
        assert " root/root " in entries[path]
    # Modes normalised: the bundle's 0700 executable and 0600 data become 755 and 644.
    assert entries["./opt/councildesk/CouncilDesk"].startswith("-rwxr-xr-x")
    assert entries["./usr/bin/councildesk"].startswith("-rwxr-xr-x")
    assert entries["./opt/councildesk/_internal/resources/data.txt"].startswith("-rw-r--r--")
    # Nothing outside /opt and /usr, and no maintainer scripts: dpkg triggers do the caches.
    assert all(p.startswith(("./opt/", "./usr/")) or p in ("./", "./opt", "./usr") for p in entries)
    info = _dpkg_deb("--info", str(built_deb))
    assert not re.search(r"\b(preinst|postinst|prerm|postrm)\b", info)


def test_menu_entry_names_the_program_in_korean_and_english() -> None:
    info = build_deb.read_project()
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]  # keys are case-sensitive
    parser.read_string(build_deb.desktop_entry(info))
    entry = parser["Desktop Entry"]
    assert entry["Name"] == "협의체 데스크"
    assert entry["Name[en]"] == "CouncilDesk"
    assert entry["Exec"] == "councildesk"
    assert entry["Icon"] == "councildesk"
    assert entry["Type"] == "Application"
    assert entry["Categories"].endswith(";")


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_menu_entry_passes_desktop_file_validate(tmp_path: Path) -> None:
    desktop = tmp_path / "councildesk.desktop"
    desktop.write_text(build_deb.desktop_entry(build_deb.read_project()), encoding="utf-8")
    result = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == "", result.stdout + result.stderr


def _run_launcher(tmp_path: Path, env: dict[str, str], *args: str) -> list[str]:
    """The launcher, pointed at a stand-in bundle that prints its arguments and locale."""
    program = tmp_path / "opt"
    program.mkdir(exist_ok=True)
    stand_in = program / build_deb.BUNDLE_NAME
    stand_in.write_text('#!/bin/sh\nprintf "%s\\n" "LC_ALL=${LC_ALL:-}" "$@"\n')
    stand_in.chmod(0o755)
    launcher = tmp_path / "councildesk"
    launcher.write_text(build_deb.launcher_script().replace(build_deb.INSTALL_DIR, str(program)))
    launcher.chmod(0o755)
    result = subprocess.run([str(launcher), *args], env={"PATH": os.defpath, **env},
                            capture_output=True, text=True, check=True)
    return result.stdout.splitlines()


def test_launcher_passes_arguments_and_sets_a_utf8_locale_only_when_missing(tmp_path: Path) -> None:
    assert build_deb.launcher_script().startswith("#!/bin/sh\n")
    assert _run_launcher(tmp_path, {}, "demo", "--db", "/tmp/a b.db") == ["LC_ALL=C.UTF-8", "demo", "--db", "/tmp/a b.db"]
    assert _run_launcher(tmp_path, {"LANG": "C"}, "--version") == ["LC_ALL=C.UTF-8", "--version"]
    assert _run_launcher(tmp_path, {"LANG": "ko_KR.UTF-8"}, "--smoke") == ["LC_ALL=", "--smoke"]


def test_depends_are_the_qt_libraries_bootstrap_installs() -> None:
    script = (ROOT / "packaging" / "bootstrap.sh").read_text(encoding="utf-8")
    match = re.search(r"SYSTEM_PACKAGES=\(([^)]*)\)", script)
    assert match is not None
    bootstrap = set(match.group(1).split())
    assert set(build_deb.QT_DEPENDS) <= bootstrap
    # What bootstrap adds beyond the package's Depends are tools for tests and a virtual screen.
    assert bootstrap - set(build_deb.QT_DEPENDS) == {"poppler-utils", "xvfb", "xauth"}
    assert set(build_deb.QT_DEPENDS) < set(build_deb.RUNTIME_DEPENDS)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_icons_exist_in_every_size_the_package_installs() -> None:
    icons = ROOT / "packaging" / "icons"
    for size in build_deb.ICON_SIZES:
        assert _png_size(icons / f"councildesk-{size}.png") == (size, size)
    assert (icons / "councildesk.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_pyinstaller_is_pinned_in_the_packaging_extra_not_the_runtime() -> None:
    project = _pyproject()["project"]
    assert any(re.fullmatch(r"pyinstaller==[\d.]+", dep) for dep in project["optional-dependencies"]["packaging"])
    assert not any(dep.lower().startswith("pyinstaller") for dep in project["dependencies"])
