"""The PyInstaller spec and the Windows installer scripts, checked here without Windows: the
spec must name no Linux path, and the Inno Setup script must wrap what the spec builds."""
from __future__ import annotations

import ast
import re
import struct
from pathlib import Path, PureWindowsPath

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "councildesk.spec"
WINDOWS = ROOT / "packaging" / "windows"
ISS = WINDOWS / "installer.iss"


def _spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"))


def _root_paths(tree: ast.Module) -> list[list[str]]:
    """Every ``root / "a" / "b"`` chain in the spec, as its list of parts."""
    chains = []
    for node in ast.walk(tree):
        parts: list[str] = []
        current: ast.expr = node  # type: ignore[assignment]
        while isinstance(current, ast.BinOp) and isinstance(current.op, ast.Div) \
                and isinstance(current.right, ast.Constant):
            parts.insert(0, current.right.value)
            current = current.left
        if parts and isinstance(current, ast.Name) and current.id == "root":
            chains.append(parts)
    # Keep only the longest chains (``root / "a"`` is also inside ``root / "a" / "b"``).
    return [c for c in chains if not any(len(o) > len(c) and o[:len(c)] == c for o in chains)]


def test_spec_names_no_platform_specific_path() -> None:
    tree = _spec_tree()
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    for text in strings:
        assert not text.startswith(("/", "~")), text
        assert "\\" not in text, text
        assert not re.match(r"^[A-Za-z]:", text), text
        assert ".so" not in text and "site-packages" not in text, text
    # Paths are joined by pathlib from the spec's own folder, one part at a time.
    assert "SPECPATH" in {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert all("/" not in part for chain in _root_paths(tree) for part in chain)


def test_every_file_the_spec_bundles_exists() -> None:
    chains = _root_paths(_spec_tree())
    assert ["resources", "fonts"] in chains and ["db", "migrations"] in chains
    for chain in chains:
        assert ROOT.joinpath(*chain).exists(), "/".join(chain)


def _iss_lines() -> list[str]:
    return ISS.read_text(encoding="utf-8").splitlines()


def _iss_section(name: str) -> list[str]:
    lines, inside = [], False
    for line in _iss_lines():
        if line.startswith("["):
            inside = line.strip() == f"[{name}]"
        elif inside and line.strip() and not line.startswith(";"):
            lines.append(line)
    return lines


def _iss_defines() -> dict[str, str]:
    return dict(re.findall(r'^#define (\w+) "([^"]*)"', "\n".join(_iss_lines()), flags=re.MULTILINE))


def test_installer_wraps_the_bundle_the_spec_builds() -> None:
    spec_text = SPEC.read_text(encoding="utf-8")
    bundle = re.search(r'COLLECT\(.*name="([^"]+)"', spec_text).group(1)  # type: ignore[union-attr]
    exe = re.search(r'EXE\(.*name="([^"]+)"', spec_text).group(1)  # type: ignore[union-attr]
    (source,) = [line for line in _iss_section("Files") if line.startswith("Source:")]
    relative = re.search(r'Source: "([^"]+)"', source).group(1)  # type: ignore[union-attr]
    # Relative to the .iss file, as Inno Setup reads it.
    assert PureWindowsPath(relative).parts == ("..", "..", "dist", bundle, "*")
    assert "recursesubdirs" in source
    assert _iss_defines()["AppExe"] == f"{exe}.exe"


def test_installer_goes_to_program_files_with_a_korean_start_menu_entry() -> None:
    setup = dict(line.split("=", 1) for line in _iss_section("Setup"))
    defines = _iss_defines()
    assert defines["AppName"] == "협의체 데스크"
    assert setup["DefaultDirName"] == r"{autopf}\CouncilDesk"
    assert setup["PrivilegesRequired"] == "admin"
    assert re.fullmatch(r"\{\{[0-9A-F-]{36}\}", setup["AppId"])
    icons = _iss_section("Icons")
    assert any(line.startswith('Name: "{group}\\{#AppName}"') for line in icons)
    assert any("{uninstallexe}" in line for line in icons)
    assert any("compiler:Languages\\Korean.isl" in line for line in _iss_section("Languages"))
    # The icon file the installer and the .exe use is a real multi-size .ico.
    ico = (ISS.parent / setup["SetupIconFile"]).read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 3


def test_uninstall_leaves_each_users_data() -> None:
    text = "\n".join(_iss_lines())
    assert "[UninstallDelete]" not in text
    assert "localappdata" not in "\n".join(_iss_section("Files") + _iss_section("Dirs")).lower()


def test_windows_build_script_is_ascii_and_names_files_that_exist() -> None:
    script = WINDOWS / "build_windows.ps1"
    text = script.read_bytes().decode("ascii")  # Windows PowerShell 5.1 reads BOM-less files as ANSI
    for relative in re.findall(r'"(packaging\\[^"]+)"', text):
        assert ROOT.joinpath(*PureWindowsPath(relative).parts).exists(), relative
    assert '".[packaging]"' in text
    assert "/DAppVersion=" in text
