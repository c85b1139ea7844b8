"""Model discovery and installation, including the download path against an index on loopback."""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from support import FIXTURE_MODEL, run_cli

from translate_news.errors import InputError
from translate_news.mt.packages import read_package, resolve_model, unpack_archive


@pytest.fixture
def index_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A static HTTP server on 127.0.0.1 serving an Argos-style index.json and the fixture package."""
    root = tmp_path / "www"
    root.mkdir()
    shutil.copy(FIXTURE_MODEL, root / "fixture.argosmodel")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", root
    finally:
        server.shutdown()
        server.server_close()


def write_index(root: Path, base: str, sha256: str) -> None:
    entry = {
        "package_version": "1.0",
        "argos_version": "1.11.0",
        "from_code": "it",
        "to_code": "en",
        "type": "translate",
        "links": [base + "fixture.argosmodel"],
        "sha256": sha256,
    }
    (root / "index.json").write_text(json.dumps([entry]), encoding="utf-8")


def env_for(tmp_path: Path, base: str) -> dict[str, str]:
    return {
        "ARGOS_PACKAGES_DIR": str(tmp_path / "packages"),
        "ARGOS_PACKAGE_INDEX": base,
        "no_proxy": "127.0.0.1,localhost",
        "NO_PROXY": "127.0.0.1,localhost",
    }


def test_install_from_index_verifies_and_installs(index_server: tuple[str, Path], tmp_path: Path) -> None:
    base, root = index_server
    write_index(root, base, hashlib.sha256(FIXTURE_MODEL.read_bytes()).hexdigest())
    result = run_cli("models", "install", "it", "en", env=env_for(tmp_path, base))
    assert result.returncode == 0, result.stderr
    assert read_package(tmp_path / "packages" / "translate-it_en-fixture").name == "translate-it_en-fixture"
    again = run_cli("models", "install", "it", "en", "--if-missing", env=env_for(tmp_path, base))
    assert again.returncode == 0


def test_corrupt_download_is_refused(index_server: tuple[str, Path], tmp_path: Path) -> None:
    base, root = index_server
    write_index(root, base, "0" * 64)
    result = run_cli("models", "install", "it", "en", env=env_for(tmp_path, base))
    assert result.returncode == 2 and "checksum mismatch" in result.stderr
    assert not (tmp_path / "packages" / "translate-it_en-fixture").exists()


def test_resolve_accepts_archive_and_folder(tmp_path: Path) -> None:
    from_archive = resolve_model(FIXTURE_MODEL)
    folder = unpack_archive(FIXTURE_MODEL, tmp_path)
    from_folder = resolve_model(folder)
    assert from_archive.key == from_folder.key == "translate-it_en-fixture@1.0"
    with pytest.raises(InputError, match="translates it→en, not en→it"):
        resolve_model(folder, "en", "it")


def test_archive_with_unsafe_paths_is_refused(tmp_path: Path) -> None:
    import zipfile

    evil = tmp_path / "evil.argosmodel"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../escape/metadata.json", "{}")
    with pytest.raises(InputError, match="unsafe path"):
        unpack_archive(evil, tmp_path / "into")
    assert not (tmp_path / "escape").exists()
