"""Where API models come from: the installed (pinned) botocore, or a release from PyPI.

A release is fetched with `pip download botocore==X --no-deps` (never installed) and only the
service-2 models of the services we compare are unpacked, into .cache/drift/botocore-X/.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import botocore

from .guide import ROOT

CACHE = ROOT / ".cache" / "drift"
INSTALLED_DATA = Path(botocore.__file__).resolve().parent / "data"
PINNED = botocore.__version__
MODEL = re.compile(r"^botocore/data/([a-z0-9-]+)/[0-9-]+/service-2\.json(\.gz)?$")


@dataclass(frozen=True)
class ModelSet:
    """One botocore release's models: its version and its `botocore/data` folder."""

    version: str
    data_root: Path


def installed() -> ModelSet:
    return ModelSet(PINNED, INSTALLED_DATA)


def _download(spec: str, dest: Path) -> Path:
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        spec,
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "--quiet",
        "-d",
        str(dest),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    wheels = sorted(dest.glob("botocore-*.whl"))
    if result.returncode != 0 or not wheels:
        raise RuntimeError(f"`{' '.join(cmd[2:])}` failed: {(result.stderr or result.stdout).strip()[-500:]}")
    return wheels[0]


def _unpack(wheel: Path, services: tuple[str, ...], dest: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        for name in zf.namelist():
            m = MODEL.match(name)
            if m and m.group(1) in services:
                zf.extract(name, dest)


def release(version: str | None, services: tuple[str, ...]) -> ModelSet:
    """The models of botocore `version` (None: the newest on PyPI), downloaded once and cached."""
    if version == PINNED:
        return installed()
    if version:
        cached = CACHE / f"botocore-{version}"
        if (cached / ".complete").exists() and (cached / ".services").read_text().split() == sorted(services):
            return ModelSet(version, cached / "botocore" / "data")
    with tempfile.TemporaryDirectory(prefix="drift-wheel-") as tmp:
        wheel = _download(f"botocore=={version}" if version else "botocore", Path(tmp))
        found = re.match(r"botocore-([^-]+)-", wheel.name).group(1)
        if found == PINNED:
            return installed()
        target = CACHE / f"botocore-{found}"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        _unpack(wheel, services, target)
        (target / ".services").write_text(" ".join(sorted(services)))
        (target / ".complete").write_text(found)
    return ModelSet(found, target / "botocore" / "data")
