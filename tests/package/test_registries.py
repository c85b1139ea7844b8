"""Every axis is one registry of one shape, and the layers above use it rather than their own lists.

A registry is a ``dict`` from name to a declared value (a frozen dataclass, or a class declaring its
attributes), named in its module's ``__all__``. The CLI's choices come from the registries, the
importers read through the exchange registry, every XML input goes through one hardened parser, and
the operations that write an output folder take its lock themselves.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import fcntl
import importlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import click
import pytest
from lxml import etree
from support import FIXTURE_MODEL, ROOT

from translate_news import exchange
from translate_news.errors import InputError
from translate_news.exchange import FORMATS, TM_READER, XLIFF_READER, ReadOptions, TMUnit, write_tmx
from translate_news.exchange.units import READ_DEFAULTS
from translate_news.findings import Finding, Severity
from translate_news.glossary.model import Glossary
from translate_news.memory.folder import import_tmx_into, prune_machine_drafts
from translate_news.mt.engine import Engine, EngineOptions
from translate_news.mt.packages import resolve_model
from translate_news.pipeline.executor import EXECUTORS, TranslateJob
from translate_news.pipeline.runner import RunConfig, build_output, run
from translate_news.qa.folder import CheckRun
from translate_news.qa.report import REPORT_WRITERS, write_reports
from translate_news.review.xliff_merge import import_xliff
from translate_news.xmlparse import parse_xml_bytes

REGISTRIES = (
    ("translate_news.documents.registry", "BY_NAME"),
    ("translate_news.glossary.importers", "FORMATS"),
    ("translate_news.glossary.exporters", "EXPORT_FORMATS"),
    ("translate_news.exchange", "FORMATS"),
    ("translate_news.facts.checks", "CHECKS"),
    ("translate_news.qa.checks", "CHECKS"),
    ("translate_news.qa.report", "REPORT_WRITERS"),
    ("translate_news.pipeline.executor", "EXECUTORS"),
)


def _declared(value: object) -> bool:
    """A frozen dataclass instance, or a class whose attributes are annotated on it."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return value.__dataclass_params__.frozen  # type: ignore[attr-defined]
    return isinstance(value, type) and "name" in getattr(value, "__annotations__", {})


@pytest.mark.parametrize(("module_name", "attribute"), REGISTRIES, ids=[".".join(r) for r in REGISTRIES])
def test_every_registry_has_the_one_shape(module_name: str, attribute: str) -> None:
    module = importlib.import_module(module_name)
    assert attribute in module.__all__
    registry = getattr(module, attribute)
    assert isinstance(registry, dict) and registry
    kinds = {type(value) if not isinstance(value, type) else type for value in registry.values()}
    assert len(kinds) == 1, f"{module_name}.{attribute} mixes {kinds}"
    for name, value in registry.items():
        assert isinstance(name, str) and name
        assert _declared(value), f"{module_name}.{attribute}[{name!r}] is {value!r}"
        if hasattr(value, "name"):
            assert value.name == name


def _choice_literals(path: Path) -> list[int]:
    """Lines where ``click.Choice`` is given a written-out list instead of a registry's names."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "Choice"
            and node.args
            and isinstance(node.args[0], ast.List | ast.Tuple | ast.Set)
        ):
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("path", sorted((ROOT / "translate_news" / "cli").glob("*.py")), ids=lambda p: p.name)
def test_cli_choices_are_not_written_out(path: Path) -> None:
    assert _choice_literals(path) == []


def _option(command: click.Command, name: str) -> click.Option:
    return next(p for p in command.params if isinstance(p, click.Option) and p.name == name)


def test_cli_choices_are_the_registries_names() -> None:
    from translate_news.cli.glossary import glossary
    from translate_news.cli.main import cli
    from translate_news.glossary.exporters import EXPORT_FORMATS
    from translate_news.glossary.importers import FORMATS as IMPORT_FORMATS

    run_command = cli.commands["run"]
    assert list(_option(run_command, "executor").type.choices) == list(EXECUTORS)  # type: ignore[attr-defined]
    assert list(_option(run_command, "xliff").type.choices) == list(exchange.XLIFF_VERSIONS)  # type: ignore[attr-defined]
    importing = glossary.commands["import"]
    assert list(_option(importing, "fmt").type.choices) == list(IMPORT_FORMATS)  # type: ignore[attr-defined]
    assert "columns" in IMPORT_FORMATS  # no hidden kind: every format the detector names is a choice
    exporting = glossary.commands["export"]
    assert list(_option(exporting, "fmt").type.choices) == list(EXPORT_FORMATS)  # type: ignore[attr-defined]


def test_translate_job_carries_the_beam_once() -> None:
    assert "num_hypotheses" not in {field.name for field in dataclasses.fields(TranslateJob)}
    job = TranslateJob(None, EngineOptions(beam_size=2), None)  # type: ignore[arg-type]
    assert job.num_hypotheses == 2


def test_the_engine_never_widens_the_beam_it_was_given() -> None:
    """No second beam: asking for more hypotheses than ``beam_size`` is refused, not reconciled."""
    engine = Engine(resolve_model(FIXTURE_MODEL), EngineOptions(threads=1, beam_size=2))
    tokens = engine.tokenize(["Il festival apre domani."])
    assert len(engine.translate_tokens(tokens, num_hypotheses=2)[0]) == 2
    with pytest.raises(ValueError, match="3 hypotheses asked of a beam of 2"):
        engine.translate_tokens(tokens, num_hypotheses=3)


def test_one_hardened_xml_parser(tmp_path: Path) -> None:
    """Only ``xmlparse`` builds an XML parser, and it expands no entity and reads no file."""
    builders = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "translate_news").rglob("*.py")
        if "XMLParser(" in path.read_text(encoding="utf-8")
    ]
    assert builders == ["translate_news/xmlparse.py"]
    secret = tmp_path / "secret.txt"
    secret.write_text("a private note", encoding="utf-8")
    raw = f'<!DOCTYPE t [<!ENTITY s SYSTEM "{secret.as_uri()}">]><t>&s;</t>'.encode()
    for comments in (True, False):
        root = parse_xml_bytes(Path("hostile.xml"), raw, comments=comments)
        assert "a private note" not in etree.tostring(root, encoding="unicode")


@contextlib.contextmanager
def _lock_held(folder: Path) -> Iterator[None]:
    """Another holder of ``folder``'s lock: flock locks of different open files conflict."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".translate-news.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield


def _tmx(tmp_path: Path) -> Path:
    path = tmp_path / "memory.tmx"
    path.write_text(write_tmx([TMUnit("Una frase nuova.", "A new sentence.", "prova")]), encoding="utf-8")
    return path


def test_build_takes_the_output_lock_itself(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with _lock_held(out), pytest.raises(InputError, match="another translate-news run"):
        build_output(out)
    assert build_output(out) == []


def test_tm_import_and_prune_take_the_output_lock_themselves(tmp_path: Path) -> None:
    out, tmx = tmp_path / "out", _tmx(tmp_path)
    with _lock_held(out), pytest.raises(InputError, match="another translate-news run"):
        import_tmx_into(out, tmx)
    assert import_tmx_into(out, tmx).imported == 1
    with _lock_held(out), pytest.raises(InputError, match="another translate-news run"):
        prune_machine_drafts(out)
    assert prune_machine_drafts(out) == 0


def _recording(name: str, calls: list[ReadOptions], monkeypatch: pytest.MonkeyPatch) -> None:
    """Replace the registered reader ``name`` by one that records its options and reads as it did."""
    registered = FORMATS[name]

    class Recording(registered):  # type: ignore[valid-type, misc]
        @staticmethod
        def read(path: Path, options: ReadOptions = READ_DEFAULTS) -> Sequence[object]:
            calls.append(options)
            return registered.read(path, options)

    monkeypatch.setitem(FORMATS, name, Recording)


def test_tm_import_reads_through_the_exchange_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[ReadOptions] = []
    _recording(TM_READER, calls, monkeypatch)
    assert import_tmx_into(tmp_path / "out", _tmx(tmp_path)).imported == 1
    assert [(c.source_lang, c.target_lang) for c in calls] == [("it", "en")]


def test_xliff_import_reads_through_the_exchange_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "mercato.txt").write_text("Il mercato coperto riapre lunedì.\n", encoding="utf-8")
    config = RunConfig(articles, tmp_path / "out", None, FIXTURE_MODEL, EngineOptions(threads=1))
    run(config)
    calls: list[ReadOptions] = []
    _recording(XLIFF_READER, calls, monkeypatch)
    import_xliff(config.output / "mercato" / "mercato.it-en.xlf", config.output)
    assert len(calls) == 1 and "Il mercato coperto riapre lunedì." in calls[0].skeleton.values()


def test_check_reports_are_written_by_qa(tmp_path: Path) -> None:
    finding = Finding("number", Severity.ERROR, "number: 3 → expected 3, found (nothing)", term="3")
    written = write_reports(tmp_path / "qa-report", CheckRun((finding,), 1), Glossary(None, ()))
    assert set(written) == set(REPORT_WRITERS)
    for name, writer in REPORT_WRITERS.items():
        path = tmp_path / f"qa-report{writer.suffix}"
        assert written[name].path == path and path.read_text(encoding="utf-8") == written[name].text
    assert json.loads(written["json"].text)["errors"] == 1


RUN_OPTIONS = frozenset(
    {"beam_size", "threads", "compute_type", "max_decoding_length", "chunk_size", "chunk"}
)


def _literal_defaults(path: Path) -> list[str]:
    """``name=literal`` defaults of run options in ``path``'s functions and dataclass fields."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        pairs: list[tuple[str, ast.expr | None]] = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            positional = node.args.posonlyargs + node.args.args
            defaulted = positional[len(positional) - len(node.args.defaults) :]
            pairs += [(a.arg, d) for a, d in zip(defaulted, node.args.defaults, strict=True)]
            pairs += [(a.arg, d) for a, d in zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            pairs.append((node.target.id, node.value))
        found += [
            f"{name}:{node.lineno}"
            for name, d in pairs
            if name in RUN_OPTIONS and isinstance(d, ast.Constant)
        ]
    return found


def test_run_defaults_are_written_once() -> None:
    """A run option's default is read from ``defaults.py``, never written again beside a stage."""
    written = {
        path.relative_to(ROOT).as_posix(): lines
        for path in (ROOT / "translate_news").rglob("*.py")
        if path.name != "defaults.py" and (lines := _literal_defaults(path))
    }
    assert written == {}
