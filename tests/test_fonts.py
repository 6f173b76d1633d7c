"""The bundled fonts: the files the site serves are the ones package-lock.json pins, the
stylesheet names only files that exist, and nothing else is asked of another origin."""

from __future__ import annotations

import json
import re

from tests.support import ROOT

FONTS = ROOT / "docs" / "assets" / "fonts"
FONTS_CSS = ROOT / "docs" / "assets" / "css" / "fonts.css"
PACKAGES = {"roboto-": "@fontsource/roboto", "roboto-mono-": "@fontsource/roboto-mono"}


def package_of(name: str) -> str:
    return PACKAGES["roboto-mono-"] if name.startswith("roboto-mono-") else PACKAGES["roboto-"]


def test_the_font_packages_are_pinned_exactly():
    dev = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    for package in set(PACKAGES.values()):
        assert re.fullmatch(r"\d+\.\d+\.\d+", dev[package]), f"{package} is not pinned exactly: {dev[package]}"
        assert lock[f"node_modules/{package}"]["version"] == dev[package]
        assert lock[f"node_modules/{package}"]["license"] == "OFL-1.1"


def test_every_served_font_is_the_pinned_package_file():
    files = sorted(FONTS.glob("*.woff2"))
    assert len(files) >= 3
    for font in files:
        original = ROOT / "node_modules" / package_of(font.name) / "files" / font.name
        assert original.exists(), f"{font.name}: not in {package_of(font.name)} (run 'npm ci')"
        assert font.read_bytes() == original.read_bytes(), f"{font.name} differs from {original}: copy it again"
    assert (FONTS / "OFL-Roboto.txt").exists() and (FONTS / "OFL-Roboto-Mono.txt").exists(), (
        "the licence travels with the fonts"
    )


def test_the_stylesheet_names_only_bundled_files_and_no_other_origin():
    css = FONTS_CSS.read_text()
    urls = re.findall(r"url\(\"?([^\")]+)\"?\)", css)
    assert urls, "fonts.css declares no font file"
    for url in urls:
        assert not re.match(r"(https?:)?//", url), f"a font from another origin: {url}"
        assert (FONTS_CSS.parent / url).resolve().exists(), f"fonts.css names a missing file: {url}"
    assert {f.name for f in FONTS.glob("*.woff2")} == {url.rsplit("/", 1)[-1] for url in urls}, (
        "a bundled font is not declared, or the other way round"
    )
    assert "font-variant-ligatures: none" in css, (
        "print without ligatures: a PDF reader copies ligature glyphs as U+FB01"
    )
