"""Every bundled component is listed with its version and licence, its licence text is
found, and the PyInstaller spec ships the texts (with no path of one OS)."""
from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from app.licences import COMPONENTS, licence_text

ROOT = Path(__file__).resolve().parents[2]


def test_the_main_dependencies_are_all_listed_with_their_installed_version():
    listed = {c.distribution.lower() for c in COMPONENTS if c.distribution}
    pinned = re.findall(r'^\s*"([A-Za-z0-9_.-]+)==', (ROOT / "pyproject.toml").read_text(encoding="utf-8").split(
        "[project.optional-dependencies]")[0], flags=re.M)
    assert {name.lower() for name in pinned} <= listed
    for component in COMPONENTS:
        if component.distribution:
            assert component.version == metadata.version(component.distribution)


def test_each_licence_text_is_the_real_text():
    texts = {c.name: licence_text(c) for c in COMPONENTS}
    assert "SIL OPEN FONT LICENSE" in texts["나눔명조·나눔고딕 (Nanum)"].upper()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in texts["Qt for Python (PySide6)"]
    assert "Apache License" in texts["python-hwpx"]
    assert "MIT" in texts["openpyxl"] or "Permission is hereby granted" in texts["openpyxl"]
    assert all(len(text) > 300 for name, text in texts.items() if not name.startswith("SQLCipher")), \
        [name for name, text in texts.items() if len(text) <= 300]


def test_the_bundle_spec_ships_the_licence_texts_without_os_paths():
    spec = (ROOT / "packaging" / "councildesk.spec").read_text(encoding="utf-8")
    assert '"resources" / "licenses"' in spec and '"resources" / "fonts"' in spec
    assert "copy_metadata" in spec and 'collect_data_files("hwpx")' in spec
    assert not re.search(r"/usr/|/home/|[A-Z]:\\\\|site-packages", spec)
    for component in COMPONENTS:
        if component.distribution:
            assert f'"{component.distribution}"' in spec, component.distribution
