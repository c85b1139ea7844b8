"""One bad thing costs one article, never the run: over-long sentences, corrupt models, bad options."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import hypothesis.strategies as st
import polib
import pytest
from conftest import ARTICLES, FIXTURE_MODEL, run_cli
from hypothesis import given
from test_cli import assert_one_line_error

from translate_news.engine import position_limit
from translate_news.long_sentences import split_to_budget


def words(text: str) -> int:
    return len(text.split())


def test_cut_prefers_clause_punctuation_near_the_middle() -> None:
    sentence = "uno due tre quattro, cinque sei sette; otto nove dieci undici, dodici tredici"
    pieces = split_to_budget(sentence, words, 8)
    assert [p.text for p in pieces] == [
        "uno due tre quattro, cinque sei sette;",
        "otto nove dieci undici, dodici tredici",
    ]
    assert pieces[0].gap == " " and pieces[1].gap == ""


def test_a_sentence_that_fits_is_one_piece() -> None:
    assert [p.text for p in split_to_budget("breve frase.", words, 8)] == ["breve frase."]


def test_no_cut_inside_a_glossary_term() -> None:
    sentence = "aaa bbb ccc ddd"
    assert [p.text for p in split_to_budget(sentence, words, 3)] == ["aaa bbb", "ccc ddd"]
    pieces = split_to_budget(sentence, words, 3, keep_whole=[(4, 11)])  # "bbb ccc"
    assert any("bbb ccc" in p.text for p in pieces)


def test_text_without_spaces_is_cut_in_half() -> None:
    pieces = split_to_budget("x" * 40, lambda t: len(t), 10)
    assert all(len(p.text) <= 10 for p in pieces)
    assert "".join(p.text + p.gap for p in pieces) == "x" * 40


@given(st.lists(st.sampled_from(["parola", "lunga,", "frase;", "qui:", "e", "poi"]), min_size=1, max_size=80))
def test_pieces_rebuild_the_sentence_and_fit(tokens: list[str]) -> None:
    sentence = " ".join(tokens)
    pieces = split_to_budget(sentence, words, 5)
    assert "".join(p.text + p.gap for p in pieces) == sentence
    assert all(words(p.text) <= 5 for p in pieces)
    assert all(sentence[p.start : p.end] == p.text for p in pieces)


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    """The fixture package unpacked, to be damaged by a test."""
    with zipfile.ZipFile(FIXTURE_MODEL) as zf:
        zf.extractall(tmp_path / "unpacked")
    return next((tmp_path / "unpacked").iterdir())


def test_position_limit_is_read_from_the_model(model_dir: Path) -> None:
    assert position_limit(model_dir / "model") == 256  # max_position_embeddings in the fixture builder
    (model_dir / "model" / "model.bin").write_bytes(b"\x06\x00")
    assert position_limit(model_dir / "model") is None


LONG_CLAUSE = (
    "il regista, la produttrice e gli attori della serie hanno presentato il film al festival di Torino"
)


def test_over_long_sentence_is_translated_in_pieces(tmp_path: Path) -> None:
    alone, both = tmp_path / "alone", tmp_path / "both"
    alone.mkdir()
    shutil.copy(ARTICLES / "botteghino-sale.txt", alone)
    shutil.copytree(alone, both)
    long_sentence = ("; ".join([LONG_CLAUSE] * 12)).capitalize() + "."
    (both / "lungo.txt").write_text(
        f"Titolo lungo\n\n{long_sentence}\n\nUna frase breve.\n", encoding="utf-8"
    )
    options = ("--model", FIXTURE_MODEL, "--threads", "1", "--no-glossary", "-q")
    assert run_cli("run", alone, "-o", tmp_path / "out-alone", *options).returncode == 0
    result = run_cli("run", both, "-o", tmp_path / "out-both", *options)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    entry = polib.pofile(str(tmp_path / "out-both" / "lungo" / "lungo.en.po")).find(long_sentence)
    assert entry is not None and entry.msgstr and "fuzzy" in entry.flags
    assert "qa: translated in 4 pieces: sentence longer than the model's limit" in entry.comment
    # The other article's sentences come out exactly as in a run without the long one.
    name = "botteghino-sale/botteghino-sale.en.po"
    before = {e.msgid: e.msgstr for e in polib.pofile(str(tmp_path / "out-alone" / name))}
    after = {e.msgid: e.msgstr for e in polib.pofile(str(tmp_path / "out-both" / name))}
    assert before == after
    # A re-run takes the draft from the MT cache and keeps the note.
    again = run_cli("run", both, "-o", tmp_path / "out-both", *options)
    assert again.returncode == 0, again.stderr
    entry = polib.pofile(str(tmp_path / "out-both" / "lungo" / "lungo.en.po")).find(long_sentence)
    assert "translated in 4 pieces" in entry.comment


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "breve.txt").write_text("Titolo\n\nUna frase breve.\n", encoding="utf-8")
    return articles


def damage_model_bin(package: Path) -> Path:
    path = package / "model" / "model.bin"
    path.write_bytes(path.read_bytes()[:1000])
    return path


def damage_sentencepiece(package: Path) -> Path:
    path = package / "sentencepiece.model"
    path.write_bytes(b"not a sentencepiece model")
    return path


def damage_metadata(package: Path) -> Path:
    path = package / "metadata.json"
    path.write_text('{"from_code": "it", ', encoding="utf-8")
    return path


def metadata_not_an_object(package: Path) -> Path:
    path = package / "metadata.json"
    path.write_text("[]", encoding="utf-8")
    return path


def damage_config(package: Path) -> Path:
    path = package / "model" / "config.json"
    path.write_text("{", encoding="utf-8")
    return path


def model_bin_unreadable(package: Path) -> Path:
    path = package / "model" / "model.bin"
    path.unlink()
    path.mkdir()  # reading it fails even for root, unlike a chmod
    return path


@pytest.mark.parametrize(
    ("damage", "needle"),
    [
        (damage_model_bin, "cannot load the model"),
        (damage_sentencepiece, "cannot load the SentencePiece model"),
        (damage_metadata, "unreadable package metadata"),
        (metadata_not_an_object, "expected a JSON object"),
        (damage_config, "cannot load the model"),
        (model_bin_unreadable, "cannot load the model"),
    ],
)
def test_corrupt_model_is_one_line(
    folder: Path, tmp_path: Path, model_dir: Path, damage, needle: str
) -> None:  # noqa: ANN001
    damaged = damage(model_dir)
    result = run_cli("run", folder, "-o", tmp_path / "out", "--model", model_dir, "--threads", "1")
    assert_one_line_error(result, str(damaged.relative_to(model_dir.parent)), needle)


@pytest.mark.parametrize(
    ("option", "needle"),
    [
        (["--compute-type", "bogus"], "--compute-type bogus: unknown"),
        (["--compute-type", "int16"], "--compute-type int16"),
    ],
)
def test_bad_engine_option_is_one_line(folder: Path, tmp_path: Path, option: list[str], needle: str) -> None:
    import ctranslate2

    if option[1] in ctranslate2.get_supported_compute_types("cpu"):
        pytest.skip(f"this CPU runs {option[1]}")
    result = run_cli(
        "run", folder, "-o", tmp_path / "out", "--model", FIXTURE_MODEL, "--threads", "1", *option
    )
    assert_one_line_error(result, needle)


def test_cuda_without_a_gpu_is_one_line(folder: Path, tmp_path: Path) -> None:
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("this machine has a GPU")
    result = run_cli("run", folder, "-o", tmp_path / "out", "--model", FIXTURE_MODEL, "--device", "cuda")
    assert_one_line_error(result, "--device cuda")
