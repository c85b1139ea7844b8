"""The Ray executor on a real two-node cluster started with ``ray start`` on this machine: the local
executor's bytes, and a node lost mid-run costs no finished work.

Each node is a ``ray start`` in a session of its own, with its own temp dir and ports, so the cluster
is this module's alone: the finalizer ends exactly those process groups (not ``ray stop --force``,
which stops every Ray process on the machine, other people's clusters included).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import ARTICLES, FIXTURE_MODEL, GLOSSARY, run_cli

pytest.importorskip("ray", reason="Ray is not installed: pip install -e '.[ray]' (CI installs it)")

from test_ray_executor import DATED, corpus_sources, output_bytes  # noqa: E402

RAY = Path(sys.executable).with_name("ray")
MSGFMT = shutil.which("msgfmt")
COMMON = ["--model", FIXTURE_MODEL, "--glossary", GLOSSARY, "--threads", "1", "-q"]
# Our cluster only: no token shared through ~/.ray with other clusters on this machine, and a lost
# node noticed in about 2 s rather than Ray's default 15 s.
RAY_ENV = {
    "RAY_AUTH_MODE": "disabled",
    "RAY_USAGE_STATS_ENABLED": "0",
    "RAY_health_check_period_ms": "500",
    "RAY_health_check_timeout_ms": "500",
    "RAY_health_check_failure_threshold": "3",
}


@dataclass(frozen=True)
class Cluster:
    address: str  # 127.0.0.1:PORT, as RAY_ADDRESS
    head: int  # process group of the head node's daemons
    worker: int  # process group of the second node's daemons
    worker_dir: Path  # the second node's --temp-dir

    @property
    def env(self) -> dict[str, str]:
        return {**RAY_ENV, "RAY_ADDRESS": self.address}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ray_start(*args: str, temp_dir: Path) -> int:
    """``ray start`` in a new session; its daemons keep that process group, which is returned."""
    command = [
        str(RAY),
        "start",
        "--node-ip-address=127.0.0.1",
        f"--temp-dir={temp_dir}",
        "--disable-usage-stats",
        f"--dashboard-agent-listen-port={free_port()}",
        f"--metrics-export-port={free_port()}",
        *args,
    ]
    env = {**os.environ, **RAY_ENV, "RAY_ADDRESS": ""}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    try:
        output, _ = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        stop_group(process.pid)
        raise
    if process.returncode != 0:
        stop_group(process.pid)
        pytest.fail(f"ray start failed: {output[-2000:]}")
    return process.pid


def stop_group(pgid: int) -> None:
    """SIGTERM, then SIGKILL, to one node's process group: only the processes this module started."""
    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 0.0)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and group_pids(pgid):
            time.sleep(0.2)


def group_pids(pgid: int) -> dict[int, str]:
    """Live processes of a process group: pid → executable name (zombies aside)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            found[int(entry.name)] = name
    return found


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """A head node and a second node (one CPU each; the second has the ``second_node`` resource),
    their session files in a temp dir of their own, on 127.0.0.1 only."""
    root = Path(tempfile.mkdtemp(prefix="tnray-", dir="/tmp"))  # short: Ray's socket paths have a limit
    port = free_port()
    groups: list[int] = []
    try:
        groups.append(
            ray_start(
                "--head",
                f"--port={port}",
                "--num-cpus=1",
                "--include-dashboard=false",
                f"--dashboard-port={free_port()}",
                temp_dir=root / "head",
            )
        )
        groups.append(
            ray_start(
                f"--address=127.0.0.1:{port}",
                "--num-cpus=1",
                '--resources={"second_node": 1}',
                temp_dir=root / "worker",
            )
        )
        yield Cluster(f"127.0.0.1:{port}", groups[0], groups[1], root / "worker")
    finally:
        for pgid in reversed(groups):
            stop_group(pgid)
        shutil.rmtree(root, ignore_errors=True)


def test_a_two_node_cluster_writes_the_local_bytes(cluster: Cluster, tmp_path: Path) -> None:
    """``translate-news run --executor ray`` with ``RAY_ADDRESS`` naming a ``ray start`` cluster: PO,
    TSV, XLIFF, TMX and English files are the local executor's, byte for byte (dates aside)."""
    local = run_cli("run", ARTICLES, "--output", tmp_path / "local", *COMMON)
    assert local.returncode == 0, local.stderr
    remote = run_cli(
        "run", ARTICLES, "--output", tmp_path / "ray", *COMMON, "--executor", "ray", env=cluster.env
    )
    assert remote.returncode == 0, remote.stderr
    expected, got = output_bytes(tmp_path / "local"), output_bytes(tmp_path / "ray")
    assert {Path(name).suffix for name in expected} >= {".po", ".tsv", ".xlf", ".tmx", ".txt"}
    assert got.keys() == expected.keys()
    assert [name for name in expected if got[name] != expected[name]] == []
    assert group_pids(cluster.head) and group_pids(cluster.worker)  # a joined cluster is left running


def make_volumes(folder: Path, count: int) -> Path:
    """``count`` articles of about 150 sentences, each numbered as its own: two articles a chunk are
    over 256 unique sentences, two MT batches, so a translator actor on each node is busy. The fixture
    model knows only its corpus; its English for the numbered sentences is whatever it decodes."""
    folder.mkdir()
    sources = corpus_sources()
    for number in range(count):
        picked = [sources[(number * 37 + k) % len(sources)] for k in range(150)]
        body = "\n\n".join(numbered(s, number + 1) for s in picked)
        (folder / f"volume-{number + 1:02d}.txt").write_text(
            f"Volume {number + 1}\n\n{body}\n", encoding="utf-8"
        )
    return folder


def numbered(sentence: str, number: int) -> str:
    """The sentence with its volume inside it (before its full stop): one segment, not two."""
    stop = sentence[-1] if sentence[-1] in ".!?" else ""
    return f"{sentence.removesuffix(stop)} (volume {number}){stop}"


def undated(path: Path) -> list[bytes]:
    return [line for line in path.read_bytes().splitlines() if not any(d.encode() in line for d in DATED)]


def translators_on(node_dir: Path) -> set[str]:
    """The translator actors that ran on the node, by log file: Ray's worker log names the actor's class."""
    return {
        log.name
        for log in node_dir.glob("session_*/logs/worker-*.out")
        if ":actor_name:_Translator" in log.read_text(errors="replace")
    }


def test_a_node_lost_mid_run_costs_no_finished_work(cluster: Cluster, tmp_path: Path) -> None:
    """The second node's raylet is killed while the run translates: the run finishes on the head (the
    lost batch decoded again) or stops with one line, and a local run resumes it. Every article written
    before the loss is kept, every catalog parses (and passes ``msgfmt -c``), and the outputs are an
    undisturbed Ray run's, byte for byte: a lost batch is decoded again as the same batch. (Not the
    local executor's: with this corpus, glossary repair per 256-sentence batch gives a few other
    drafts than repair over the chunk; README "Limits".)"""
    import polib

    folder = make_volumes(tmp_path / "articles", 12)
    chunked = [*COMMON, "--chunk-size", "2"]
    clean = run_cli(
        "run", folder, "--output", tmp_path / "clean", *chunked, "--executor", "ray", env=cluster.env
    )
    assert clean.returncode == 0, clean.stderr
    out = tmp_path / "out"
    earlier = translators_on(cluster.worker_dir)
    command = [sys.executable, "-m", "translate_news", "run", str(folder), "--output", str(out)]
    command += [*map(str, chunked), "--executor", "ray", "--json"]
    driver = subprocess.Popen(
        command, env={**os.environ, **cluster.env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 180
        while not list(out.glob("volume-*/*.en.po")) and driver.poll() is None:
            assert time.monotonic() < deadline, "no article written in 180 s"
            time.sleep(0.1)
        assert driver.poll() is None, driver.communicate()
        written = {po: undated(po) for po in out.glob("volume-*/*.en.po")}
        assert translators_on(cluster.worker_dir) - earlier  # the node about to be lost holds a translator
        [raylet] = [pid for pid, name in group_pids(cluster.worker).items() if name == "raylet"]
        os.kill(raylet, signal.SIGKILL)
        stdout, stderr = driver.communicate(timeout=240)
    finally:
        if driver.poll() is None:
            driver.kill()
            driver.communicate()
    assert "Traceback" not in stderr
    if driver.returncode != 0:  # stopped: one line, then the next run resumes
        assert driver.returncode in (2, 3), stderr
        assert len(stderr.strip().splitlines()) == 1, stderr
        assert stderr.startswith("translate-news: error: ")
        resumed = run_cli(
            "run", folder, "--output", out, *chunked, "--json", "--executor", "ray", env=cluster.env
        )
        assert resumed.returncode == 0, resumed.stderr
        assert json.loads(resumed.stdout)["cached"] > 0  # finished MT batches were kept
    else:
        assert json.loads(stdout)["articles"] == 12
    for po, before in written.items():  # finished articles are kept
        assert undated(po) == before
    catalogs = sorted(out.glob("volume-*/*.en.po"))
    assert len(catalogs) == 12
    for po in catalogs:
        assert len(polib.pofile(str(po))) >= 150
        if MSGFMT:
            check = subprocess.run([MSGFMT, "-c", "-o", os.devnull, str(po)], capture_output=True, text=True)
            assert check.returncode == 0, check.stderr
    expected, got = output_bytes(tmp_path / "clean"), output_bytes(out)
    assert got.keys() == expected.keys()
    assert [name for name in expected if got[name] != expected[name]] == []
