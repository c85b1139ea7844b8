"""Find, unpack and install Argos Translate packages without ever importing torch or stanza.

An Argos package is a zip (``.argosmodel``) holding one folder with ``metadata.json``, a CTranslate2
``model/`` and ``sentencepiece.model``. Installed packages live where argostranslate looks
(``ARGOS_PACKAGES_DIR`` or its default), so models installed by either tool serve both.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from translate_news.errors import InputError

OFFLINE_HINT = (
    "copy the .argosmodel file here and run 'translate-news models install --from FILE' "
    "(or 'make translate MODEL=FILE'), or point ARGOS_PACKAGES_DIR at a folder of installed packages"
)
NO_MODEL_HINT = (
    f"run 'translate-news models install it en' (needs network), or {OFFLINE_HINT}, or pass --model PATH"
)


@dataclass(frozen=True)
class ModelInfo:
    """An unpacked Argos package on disk."""

    path: Path
    from_code: str
    to_code: str
    name: str
    version: str
    target_prefix: str = ""

    @property
    def key(self) -> str:
        """Identifies the model's output: cached MT is invalid once this changes."""
        return f"{self.name}@{self.version}"


def _settings():  # noqa: ANN202 - argostranslate.settings creates its folders on import; keep it lazy
    try:
        from argostranslate import settings
    except ImportError:
        raise InputError(
            "argostranslate", "not installed: pip install --no-deps 'argostranslate>=1.11,<2'"
        ) from None

    return settings


def read_package(path: Path) -> ModelInfo:
    metadata_path = path / "metadata.json"
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "not an Argos package: no metadata.json") from None
    except (OSError, ValueError) as exc:
        raise InputError(metadata_path, f"unreadable package metadata: {exc}") from None
    if not isinstance(metadata, dict):
        raise InputError(metadata_path, "unreadable package metadata: expected a JSON object")
    if not (path / "model").is_dir() or not (path / "sentencepiece.model").is_file():
        raise InputError(path, "not a CTranslate2 Argos package: needs model/ and sentencepiece.model")
    return ModelInfo(
        path=path,
        from_code=str(metadata.get("from_code", "")),
        to_code=str(metadata.get("to_code", "")),
        name=str(metadata.get("package_name") or path.name),
        version=str(metadata.get("package_version", "0")),
        target_prefix=str(metadata.get("target_prefix", "")),
    )


def packages_dirs() -> list[Path]:
    return [Path(p) for p in _settings().package_dirs]


def installed_models() -> list[ModelInfo]:
    found = []
    for folder in packages_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.is_dir() and (path / "metadata.json").is_file():
                try:
                    found.append(read_package(path))
                except InputError:
                    continue
    return found


def _package_root(folder: Path) -> Path:
    """The folder inside an unpacked archive that holds metadata.json."""
    if (folder / "metadata.json").is_file():
        return folder
    candidates = [p for p in folder.iterdir() if (p / "metadata.json").is_file()]
    if len(candidates) != 1:
        raise InputError(folder, "archive does not hold exactly one Argos package")
    return candidates[0]


def unpack_archive(archive: Path, into: Path) -> Path:
    """Unpack ``archive`` under ``into`` atomically; returns the package folder. Idempotent."""
    try:
        zf = zipfile.ZipFile(archive)
    except FileNotFoundError:
        raise InputError(archive, "no such file") from None
    except (zipfile.BadZipFile, OSError):
        raise InputError(archive, "not an Argos package (.argosmodel must be a zip archive)") from None
    with zf:
        names = zf.namelist()
        for name in names:
            if name.startswith("/") or ".." in Path(name).parts:
                raise InputError(archive, f"unsafe path in archive: {name}")
        tops = {Path(n).parts[0] for n in names if Path(n).parts}
        if len(tops) != 1:
            raise InputError(archive, "archive must hold one package folder")
        final = into / next(iter(tops))
        if final.is_dir():
            return _package_root(final)
        into.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=into))
        try:
            zf.extractall(staging)
            root = _package_root(staging)
            read_package(root)
            os.replace(root, final)
        except (zipfile.BadZipFile, OSError) as exc:
            raise InputError(archive, f"cannot unpack: {exc}") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return final


def _cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "translate-news" / "models"


def resolve_model(model: Path | None, from_code: str = "it", to_code: str = "en") -> ModelInfo:
    """``--model`` (an .argosmodel file or a package folder) or the installed package for the pair."""
    if model is not None:
        if model.is_dir():
            info = read_package(model)
        elif model.is_file():
            digest = hashlib.sha256(model.read_bytes()).hexdigest()[:16]
            info = read_package(unpack_archive(model, _cache_dir() / digest))
        else:
            raise InputError(model, "model not found (expected an .argosmodel file or a package folder)")
        if (info.from_code, info.to_code) != (from_code, to_code):
            raise InputError(
                model, f"model translates {info.from_code}→{info.to_code}, not {from_code}→{to_code}"
            )
        return info
    matches = [m for m in installed_models() if (m.from_code, m.to_code) == (from_code, to_code)]
    if not matches:
        raise InputError(None, f"no {from_code}→{to_code} model installed: {NO_MODEL_HINT}")
    return max(matches, key=lambda m: _version_tuple(m.version))


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in version.split("."))


def install_archive(archive: Path) -> ModelInfo:
    """Install an .argosmodel into argostranslate's package folder, atomically."""
    target = Path(_settings().package_data_dir)
    return read_package(unpack_archive(archive, target))


@dataclass(frozen=True)
class IndexEntry:
    from_code: str
    to_code: str
    version: str
    links: tuple[str, ...]
    sha256: str | None
    size: int | None


def fetch_index(timeout: float = 20.0) -> list[IndexEntry]:
    url = _settings().remote_package_index
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            data = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(
            url, f"cannot download the Argos package index ({reason}); offline? {OFFLINE_HINT}"
        ) from None
    entries = []
    for item in data:
        if item.get("type", "translate") != "translate":
            continue
        entries.append(
            IndexEntry(
                from_code=item.get("from_code", ""),
                to_code=item.get("to_code", ""),
                version=str(item.get("package_version", "0")),
                links=tuple(item.get("links", ())),
                sha256=item.get("sha256") or item.get("checksum"),
                size=item.get("size"),
            )
        )
    return entries


def download(entry: IndexEntry, dest: Path, progress: Callable[[int, int | None], None]) -> None:
    """Download ``entry`` to ``dest`` (via a temporary file), verifying size and checksum if known."""
    last_error: Exception | None = None
    for link in entry.links:
        tmp = dest.with_name(dest.name + ".part")
        try:
            with urllib.request.urlopen(link, timeout=60) as response, open(tmp, "wb") as out:
                total = int(response.headers.get("Content-Length") or 0) or entry.size
                digest, done = hashlib.sha256(), 0
                while chunk := response.read(1 << 16):
                    out.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
                    progress(done, total)
            if total and done != total:
                raise InputError(link, f"download truncated: {done} of {total} bytes")
            if entry.sha256 and digest.hexdigest() != entry.sha256.lower():
                raise InputError(link, "checksum mismatch: the download is corrupt")
            os.replace(tmp, dest)
            return
        except (urllib.error.URLError, OSError) as exc:
            last_error = exc
        finally:
            tmp.unlink(missing_ok=True)  # a failed or refused download leaves nothing behind
    raise InputError(
        None, f"cannot download the {entry.from_code}→{entry.to_code} model ({last_error}); {OFFLINE_HINT}"
    )


def install_from_index(
    from_code: str, to_code: str, progress: Callable[[int, int | None], None]
) -> ModelInfo:
    candidates = [e for e in fetch_index() if (e.from_code, e.to_code) == (from_code, to_code)]
    if not candidates:
        raise InputError(None, f"the Argos index has no {from_code}→{to_code} package")
    entry = max(candidates, key=lambda e: _version_tuple(e.version))
    downloads = Path(_settings().downloads_dir)
    downloads.mkdir(parents=True, exist_ok=True)
    archive = downloads / f"translate-{from_code}_{to_code}-{entry.version}.argosmodel"
    download(entry, archive, progress)
    try:
        return install_archive(archive)
    finally:
        archive.unlink(missing_ok=True)
