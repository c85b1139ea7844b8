"""The command line as a user meets it: one-line errors, exit code 2, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import ARTICLES, FIXTURE_MODEL, GLOSSARY, assert_one_line_error, run_cli

from translate_news.cli.project import BUILTIN_GLOSSARY
from translate_news.layout import run_record_path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(ARTICLES / "botteghino-sale.txt", articles)
    return articles


@pytest.mark.parametrize(
    ("name", "content", "needles"),
    [
        ("vuoto.txt", b"", ["vuoto.txt", "empty file"]),
        ("binario.txt", b"PK\x03\x04\x00\x00binary", ["binario.txt", "binary file", "byte offset 4"]),
        ("latin1.txt", "Perché no\n".encode("latin-1"), ["latin1.txt", "byte 0xe9 at byte offset 5"]),
        ("vecchio.html", b'<meta charset="latin1"><p>Perch\xe9 no.</p>', ["vecchio.html", "charset latin1"]),
    ],
)
def test_bad_article_is_reported_and_others_processed(
    folder: Path, tmp_path: Path, name: str, content: bytes, needles: list[str]
) -> None:
    (folder / name).write_bytes(content)
    out = tmp_path / "out"
    result = run_cli("run", folder, "-o", out, "--model", FIXTURE_MODEL, "--threads", "1")
    assert_one_line_error(result, *needles, code=3)  # some articles failed, the others were done
    assert (out / "botteghino-sale" / "botteghino-sale.en.po").exists()


def test_skipped_files_are_listed_once_and_do_not_fail_the_run(folder: Path, tmp_path: Path) -> None:
    for name in ("articolo.docx", "bozza.txt~", "#bozza.txt#", ".nascosto.txt"):
        (folder / name).write_text("Titolo\n\nTesto.", encoding="utf-8")
    (folder / "2025").mkdir()
    result = run_cli("run", folder, "-o", tmp_path / "out", "--model", FIXTURE_MODEL, "--threads", "1")
    assert result.returncode == 0, result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped 5:")]
    assert len(skipped) == 1
    for reason in ("unknown extension '.docx'", "backup file", "editor autosave", "hidden", "--recursive"):
        assert reason in skipped[0]


@pytest.mark.parametrize("name", ["articolo.pdf", "bozza.txt~", ".nascosto.txt"])
def test_a_file_named_that_is_not_an_article_is_bad_input(folder: Path, tmp_path: Path, name: str) -> None:
    """Named on the command line, a file that cannot be an article fails with one line naming it (exit 2
    alone, 3 beside an article that was translated); inside a folder the same file is only skipped."""
    (folder / name).write_text("Titolo\n\nTesto.", encoding="utf-8")
    out = tmp_path / "out"
    alone = run_cli("run", folder / name, "-o", out, "--model", FIXTURE_MODEL, "--threads", "1")
    assert_one_line_error(alone, name, "not an article", code=2)
    article = folder / "botteghino-sale.txt"
    both = run_cli("run", folder / name, article, "-o", out, "--model", FIXTURE_MODEL, "--threads", "1")
    assert_one_line_error(both, name, "not an article", code=3)
    assert (out / "botteghino-sale" / "botteghino-sale.en.po").exists()
    assert "skipped" not in both.stderr


def test_run_single_files_and_recursive_slugs(tmp_path: Path) -> None:
    archive = tmp_path / "archivio"
    (archive / "2025" / "05").mkdir(parents=True)
    shutil.copy(ARTICLES / "botteghino-sale.txt", archive / "2025" / "05")
    shutil.copy(ARTICLES / "serie-tv-portale.html", archive)
    out = tmp_path / "out"
    one = run_cli("run", archive / "serie-tv-portale.html", "-o", out, "--model", FIXTURE_MODEL, "-q")
    assert one.returncode == 0, one.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["serie-tv-portale"]
    walked = run_cli("run", archive, "--recursive", "-o", out, "--model", FIXTURE_MODEL, "-q")
    assert walked.returncode == 0, walked.stderr
    assert (out / "2025-05-botteghino-sale" / "2025-05-botteghino-sale.en.po").exists()
    assert (out / "serie-tv-portale" / "serie-tv-portale.en.html").exists()


def test_missing_folder(tmp_path: Path) -> None:
    result = run_cli("run", tmp_path / "nope", "-o", tmp_path / "out", "--model", FIXTURE_MODEL)
    assert_one_line_error(result, "nope", "no such file or folder")
    assert not (tmp_path / "out").exists()


def test_missing_model_names_the_fixes(folder: Path, tmp_path: Path) -> None:
    empty = tmp_path / "no-packages"
    empty.mkdir()
    result = run_cli("run", folder, "-o", tmp_path / "out", env={"ARGOS_PACKAGES_DIR": str(empty)})
    assert_one_line_error(result, "no it→en model installed", "--from", "ARGOS_PACKAGES_DIR")


def test_model_file_that_is_not_a_package(folder: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.argosmodel"
    bogus.write_bytes(b"not a zip")
    result = run_cli("run", folder, "-o", tmp_path / "out", "--model", bogus)
    assert_one_line_error(result, "bogus.argosmodel", "zip")


def test_unwritable_output(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    result = run_cli("run", folder, "-o", blocker / "out", "--model", FIXTURE_MODEL)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert blocker.read_text() == "x"


def test_malformed_glossary(folder: Path, tmp_path: Path) -> None:
    glossary = tmp_path / "bad.tsv"
    glossary.write_text("id\tsource\ttarget\nsolo-due-colonne\n", encoding="utf-8")
    result = run_cli("run", folder, "-o", tmp_path / "out", "--model", FIXTURE_MODEL, "--glossary", glossary)
    assert_one_line_error(result, "bad.tsv")


def test_install_from_file_and_list(tmp_path: Path) -> None:
    env = {"ARGOS_PACKAGES_DIR": str(tmp_path / "packages")}
    installed = run_cli("models", "install", "--from", FIXTURE_MODEL, env=env)
    assert installed.returncode == 0, installed.stderr
    listed = run_cli("models", "list", env=env)
    assert "it→en\ttranslate-it_en-fixture\t1.0" in listed.stdout
    assert (tmp_path / "packages" / "translate-it_en-fixture" / "model" / "model.bin").exists()
    assert not list((tmp_path / "packages").glob(".unpack-*"))  # atomic: no staging left behind


def test_install_without_network_is_one_line(tmp_path: Path) -> None:
    env = {"ARGOS_PACKAGES_DIR": str(tmp_path / "packages"), "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/"}
    result = run_cli("models", "install", "it", "en", env=env)
    assert_one_line_error(result, "cannot download the Argos package index", "--from")


def test_segment_command(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Titolo\n\nIl Sig. Rossi è arrivato. Poi è partito.\n", encoding="utf-8")
    result = run_cli("segment", article)
    assert result.stdout.splitlines() == ["Titolo", "Il Sig. Rossi è arrivato.", "Poi è partito."]
    lines = json.dumps({"id": "x", "text": "Costa 3,5 mln. di euro. Davvero!"}) + "\n"
    result = run_cli("segment", "--jsonl", input=lines)
    assert json.loads(result.stdout) == {"id": "x", "sentences": ["Costa 3,5 mln. di euro.", "Davvero!"]}


def test_help_does_not_import_torch_or_stanza() -> None:
    import subprocess
    import sys

    code = (
        "import sys, translate_news.cli.main; "
        "print(any(m.split('.')[0] in ('torch', 'stanza') for m in sys.modules))"
    )
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
    )


def test_max_decoding_length_bounds_the_output(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("run", folder, "-o", out, "--model", FIXTURE_MODEL, "--max-decoding-length", "3", "-q")
    assert result.returncode == 0, result.stderr
    rows = (
        (out / "botteghino-sale" / "botteghino-sale.it-en.tsv").read_text(encoding="utf-8").splitlines()[1:]
    )
    assert all(len(row.split("\t")[2].split()) <= 3 for row in rows)


# --- one grammar: -o is the output folder, -q and --json everywhere, exit codes 0/1/2/3 -----------------


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two sample articles run once with the fixture model; tests that change it work on a copy."""
    root = tmp_path_factory.mktemp("grammar")
    articles = root / "articles"
    articles.mkdir()
    for name in ("botteghino-sale.txt", "accordo-sag-aftra.md"):
        shutil.copy(ARTICLES / name, articles)
    out = root / "out"
    result = run_cli("run", articles, "-o", out, "--model", FIXTURE_MODEL, "--threads", "1", "-q")
    assert result.returncode == 0, result.stderr
    return out


def copy_of(out: Path, tmp_path: Path) -> Path:
    copied = tmp_path / "out"
    shutil.copytree(out, copied)
    return copied


def json_of(result) -> dict:  # noqa: ANN001
    """--json: exit 0 and exactly one JSON document on stdout."""
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_run_json_is_the_summary(folder: Path, tmp_path: Path) -> None:
    (folder / "note.docx").write_bytes(b"x")
    out = tmp_path / "out"
    document = json_of(
        run_cli("run", folder, "-o", out, "--model", FIXTURE_MODEL, "--threads", "1", "--json")
    )
    assert document["output"] == str(out)
    assert document["articles"] == 1 and document["failed"] == 0 and document["errors"] == []
    assert document["segments"] > 0 and document["translated"] > 0
    for key in ("words", "cached", "from_memory", "kept", "changed", "obsoleted", "italian", "seconds"):
        assert key in document
    assert document["skipped"] == [{"path": str(folder / "note.docx"), "reason": "unknown extension '.docx'"}]


def test_build_status_and_check_json(translated: Path, tmp_path: Path) -> None:
    out = copy_of(translated, tmp_path)
    built = json_of(run_cli("build", "-o", out, "--json"))
    assert sorted(b["article"] for b in built["built"]) == ["accordo-sag-aftra", "botteghino-sale"]
    assert all(Path(b["english"]).is_file() and b["italian"] == 0 for b in built["built"])
    assert built["output"] == str(out) and built["errors"] == []

    status = json_of(run_cli("status", "-o", out, "--json"))
    keys = {
        "article",
        "segments",
        "words",
        "reviewed",
        "fuzzy",
        "untranslated",
        "obsolete",
        "percent_reviewed",
    }
    assert [set(row) for row in status["articles"]] == [keys, keys]
    assert status["total"]["article"] == "TOTAL"
    assert status["total"]["segments"] == sum(row["segments"] for row in status["articles"])
    assert status["errors"] == []

    check = json_of(run_cli("check", "-o", out, "--json"))
    assert check == json.loads((out / "qa-report.json").read_text(encoding="utf-8"))
    expected = {"glossary", "glossary_version", "segments_checked", "errors", "warnings", "findings"}
    assert expected | {"unreadable", "glossary_choice"} == set(check)
    assert set(check["glossary_choice"]) == {"path", "from", "known", "recorded", "warnings"}
    assert set(status["glossary"]) == set(built["glossary"]) == set(check["glossary_choice"])


def test_tm_and_xliff_json(translated: Path, tmp_path: Path) -> None:
    out = copy_of(translated, tmp_path)
    stats = json_of(run_cli("tm", "stats", "-o", out, "--json"))
    assert {"memory", "reviewed", "history", "edits", "mt_rows", "mt_by_key"} == set(stats)
    assert stats["mt_rows"] > 0 and set(stats["mt_by_key"][0]) == {"model", "glossary", "rows"}

    tmx = tmp_path / "memory.tmx"
    exported = json_of(run_cli("tm", "export", tmx, "-o", out, "--json"))
    assert exported == {"memory": stats["memory"], "file": str(tmx), "exported": 0}
    imported = json_of(run_cli("tm", "import", tmx, "-o", out, "--json"))
    assert {"memory", "file", "imported", "drafts_skipped", "dropped_codes", "future_dates"} <= set(imported)

    xlf = out / "botteghino-sale" / "botteghino-sale.it-en.xlf"
    merged = json_of(run_cli("xliff", "import", xlf, "-o", out, "--json"))
    assert {"po", "reviewed", "drafts", "unchanged", "conflicts", "unsafe", "source_copies"} == set(merged)
    assert merged["conflicts"] == [] and merged["unchanged"] > 0


def test_models_list_json(tmp_path: Path) -> None:
    env = {"ARGOS_PACKAGES_DIR": str(tmp_path / "packages")}
    assert json_of(run_cli("models", "list", "--json", env=env))["models"] == []
    assert run_cli("models", "install", "--from", FIXTURE_MODEL, env=env).returncode == 0
    listed = json_of(run_cli("models", "list", "--json", env=env))
    [model] = listed["models"]
    assert (
        model["from_code"] == "it" and model["to_code"] == "en" and model["name"] == "translate-it_en-fixture"
    )
    assert Path(model["path"]).is_dir() and listed["packages_dirs"] == [str(tmp_path / "packages")]


def test_quiet_prints_nothing_when_all_went_well(folder: Path, translated: Path, tmp_path: Path) -> None:
    out = copy_of(translated, tmp_path)
    tmx = tmp_path / "memory.tmx"
    commands = [
        ("run", folder, "-o", tmp_path / "fresh", "--model", FIXTURE_MODEL, "--threads", "1", "-q"),
        ("build", "-o", out, "-q"),
        ("status", "-o", out, "-q"),
        ("check", "-o", out, "-q"),
        ("tm", "stats", "-o", out, "-q"),
        ("tm", "export", tmx, "-o", out, "-q"),
        ("tm", "import", tmx, "-o", out, "-q"),
        ("xliff", "import", out / "botteghino-sale" / "botteghino-sale.it-en.xlf", "-o", out, "-q"),
        ("models", "list", "-q"),
        ("tm", "prune", "--mt", "-o", out, "-q"),
    ]
    for command in commands:
        result = run_cli(*command, env={"ARGOS_PACKAGES_DIR": str(tmp_path / "none")})
        assert (result.returncode, result.stdout, result.stderr) == (0, "", ""), command


def test_exit_1_for_qa_errors_with_strict(translated: Path, tmp_path: Path) -> None:
    import polib

    out = copy_of(translated, tmp_path)
    # The output is outside the project, so no default glossary is found from it: name it.
    assert run_cli("check", "-o", out, "-g", GLOSSARY, "-q").returncode == 0  # findings alone are no failure
    po_path = out / "accordo-sag-aftra" / "accordo-sag-aftra.en.po"
    po = polib.pofile(str(po_path))
    entry = next(e for e in po if "SAG-AFTRA" in e.msgid)
    entry.msgstr, entry.flags = "The actors' union Sag Aftra reached a deal.", []  # a reviewer's slip
    po.save()
    strict = run_cli("check", "-o", out, "-g", GLOSSARY, "--strict", "--json")
    assert strict.returncode == 1
    assert any(f["kind"] == "dnt-altered" for f in json.loads(strict.stdout)["findings"])


def test_exit_2_for_usage_and_input_errors(tmp_path: Path) -> None:
    usage = run_cli("status", "--no-such-option")
    assert usage.returncode == 2 and "No such option" in usage.stderr and "Traceback" not in usage.stderr
    assert_one_line_error(run_cli("build", "-o", tmp_path / "nope"), "no such output folder")
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "vuoto.txt").write_bytes(b"")
    # the only article failed: nothing was done, so it is an input error, not a partial failure
    assert_one_line_error(run_cli("run", articles, "-o", tmp_path / "out", "--model", FIXTURE_MODEL), "empty")


def test_exit_3_when_some_articles_failed(translated: Path, tmp_path: Path) -> None:
    out = copy_of(translated, tmp_path)
    po = out / "botteghino-sale" / "botteghino-sale.en.po"
    po.write_text(po.read_text(encoding="utf-8") + 'msgid "rotto\n', encoding="utf-8")
    for command in ("status", "build", "check"):
        result = run_cli(command, "-o", out, "--json")
        assert_one_line_error(result, str(po), code=3)
        document = json.loads(result.stdout)  # the articles that could be read are still reported
        assert document.get("errors") or document.get("unreadable")
    (out / "accordo-sag-aftra" / "accordo-sag-aftra.en.po").write_text('msgid "rotto\n', encoding="utf-8")
    nothing = run_cli("status", "-o", out)
    assert nothing.returncode == 2 and len(error_lines(nothing.stderr)) == 2


def test_output_folder_as_an_argument_still_works(translated: Path, tmp_path: Path) -> None:
    out = copy_of(translated, tmp_path)
    old = run_cli("status", out)
    assert old.returncode == 0 and "accordo-sag-aftra" in old.stdout
    assert "deprecated: use 'status -o FOLDER'" in old.stderr
    both = run_cli("status", out, "-o", tmp_path / "elsewhere")
    assert both.returncode == 2 and "give -o only" in both.stderr


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("translate-news: error:")]


def test_check_outside_a_clone_uses_the_builtin_glossary_and_says_so(
    translated: Path, tmp_path: Path
) -> None:
    out = copy_of(translated, tmp_path)
    result = run_cli("check", "-o", out, "--json", cwd=tmp_path)  # no project config above this folder
    assert result.returncode == 0, result.stderr
    assert json_of(result)["glossary"] == str(BUILTIN_GLOSSARY)
    first = run_cli("check", "-o", out, cwd=tmp_path).stderr.splitlines()[0]  # the run's, as recorded
    assert first.startswith(f"glossary: {BUILTIN_GLOSSARY} (recorded by the run of ")
    assert "built-in film/TV glossary: no --glossary" in first
    run_record_path(out).unlink()  # an output made before runs were recorded: the lookup from the folder
    assert "(built-in film/TV glossary" in run_cli("check", "-o", out, cwd=tmp_path).stderr.splitlines()[0]
    with_flag = json_of(run_cli("check", "-o", out, "--json", "--no-glossary"))
    assert with_flag["glossary"] is None and with_flag["segments_checked"] > 0


def test_tm_export_never_writes_over_the_memory_itself(translated: Path, tmp_path: Path) -> None:
    out = copy_of(translated, tmp_path)
    memory = out / ".tm" / "memory.sqlite"
    before = memory.read_bytes()
    assert_one_line_error(run_cli("tm", "export", memory, "-o", out), "translation memory itself")
    assert memory.read_bytes() == before
    assert run_cli("tm", "stats", "-o", out).returncode == 0


def test_tm_export_replaces_a_tmx_but_never_someone_elses_file(translated: Path, tmp_path: Path) -> None:
    out = copy_of(translated, tmp_path)
    notes = tmp_path / "appunti.txt"
    notes.write_text("Appunti della redazione, da non perdere.\n", encoding="utf-8")
    assert_one_line_error(run_cli("tm", "export", notes, "-o", out), "is not a TMX file")
    assert notes.read_text(encoding="utf-8") == "Appunti della redazione, da non perdere.\n"
    export = tmp_path / "memoria.tmx"
    for _ in range(2):  # a second export replaces the first
        assert run_cli("tm", "export", export, "-o", out).returncode == 0
    assert b"<tmx" in export.read_bytes()
    assert run_cli("tm", "export", notes, "-o", out, "--force").returncode == 0
    assert b"<tmx" in notes.read_bytes()


def test_an_output_folder_inside_the_articles_is_never_read_as_articles(tmp_path: Path) -> None:
    articles = tmp_path / "articoli"
    articles.mkdir()
    shutil.copy(ARTICLES / "botteghino-sale.txt", articles)
    for out in (articles / "output", articles):  # -o inside the articles, and -o the articles folder itself
        for _ in range(2):
            result = run_cli("run", articles, "-r", "-o", out, "--model", FIXTURE_MODEL, "--json")
            assert result.returncode == 0, result.stderr
            assert json_of(result)["articles"] == 1


def test_xliff_import_of_a_missing_file_names_the_file(translated: Path, tmp_path: Path) -> None:
    """Not "no article … give --article": the file itself is what is missing."""
    out = copy_of(translated, tmp_path)
    missing = tmp_path / "nosuch.xlf"
    result = run_cli("xliff", "import", missing, "-o", out)
    assert_one_line_error(result, f"{missing}: no such file")
    assert "--article" not in result.stderr


def test_help_imports_no_pipeline_layer() -> None:
    """``translate-news --help`` takes its choices from the registries lazily: the layers below the CLI
    (whose imports made every start 0.4 s) are not loaded to print the help (a count, not a timing)."""
    script = (
        "import sys\n"
        "from translate_news.cli.main import cli\n"
        "try:\n"
        "    cli(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('translate_news.pipeline', 'translate_news.exchange', 'translate_news.facts',\n"
        "         'translate_news.mt.engine', 'translate_news.memory.store', 'ctranslate2')\n"
        "print(sorted(m for m in sys.modules if m in heavy), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
