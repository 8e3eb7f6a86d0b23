"""The embedded example data: shape, size, the noise a cleaner must remove, and a reproducible generator."""

from __future__ import annotations

import collections
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "src" / "lorasweep" / "assets"
SCRIPT = ROOT / "scripts" / "make_sample_data.py"
INSTRUCTION = "If you are a doctor, please answer the medical questions based on the patient's description."

GREETING_RE = re.compile(
    r"^\s*(hello|hi\b|hi there|dear friend|welcome to chat doctor|thanks for (posting|your question))",
    re.IGNORECASE,
)
SIGNOFF_RE = re.compile(
    r"(take care|best wishes|hope this helps|wish you good health|feel free to ask|let me know if i can"
    r"|get well soon|speedy recovery|regards)",
    re.IGNORECASE,
)
SIGNATURE_RE = re.compile(r"Dr\. [A-Z][\w.]*( [A-Z][\w.]*)?, ")
# Anonymiser leftovers: "Chat Doctor" standing where a person's name or "doctor" was, inside a sentence.
CHATDOCTOR_MID_RE = re.compile(r"\b(am|a|your|the) Chat Doctor\b")
PLATFORM_RE = re.compile(r"healthcaremagic", re.IGNORECASE)
NEGATION_RE = re.compile(r"\b(non|not|no|negative|negatively)\b", re.IGNORECASE)


def _read(name: str) -> list[dict]:
    lines = (ASSETS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _words(text: str) -> int:
    return len(text.split())


def _normalise(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


@pytest.fixture(scope="module")
def chatdoctor() -> list[dict]:
    return _read("chatdoctor_sample.jsonl")


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sample_data", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_chatdoctor_rows_have_the_three_string_keys_and_constant_instruction(chatdoctor: list[dict]) -> None:
    assert 300 <= len(chatdoctor) <= 340
    for row in chatdoctor:
        assert set(row) == {"instruction", "input", "output"}
        assert all(isinstance(v, str) for v in row.values())
        assert row["instruction"] == INSTRUCTION
        assert row["input"].strip()


def test_most_chatdoctor_answers_are_40_to_140_words(chatdoctor: list[dict]) -> None:
    in_range = sum(40 <= _words(r["output"]) <= 140 for r in chatdoctor)
    assert in_range / len(chatdoctor) >= 0.8


def test_chatdoctor_questions_are_one_to_four_sentences_except_the_long_rows(chatdoctor: list[dict]) -> None:
    short_questions = [r for r in chatdoctor if _words(r["input"] + " " + r["output"]) <= 600]
    counts = collections.Counter(
        len(re.findall(r"[.?!](?=\s+[A-Z]|\s*$)", r["input"])) for r in short_questions
    )
    assert set(counts) <= {1, 2, 3, 4}
    assert len(counts) >= 3  # varied, not one fixed template


def test_chatdoctor_greetings_and_signoffs_appear_at_forum_rates(chatdoctor: list[dict]) -> None:
    n = len(chatdoctor)
    greetings = sum(bool(GREETING_RE.search(r["output"])) for r in chatdoctor)
    signoffs = sum(bool(SIGNOFF_RE.search(r["output"])) for r in chatdoctor)
    signatures = sum(bool(SIGNATURE_RE.search(r["output"])) for r in chatdoctor)
    assert 0.60 * n <= greetings <= 0.80 * n
    assert 0.30 * n <= signoffs <= 0.50 * n
    assert signatures >= 20
    assert any("\nDr. " in r["output"] for r in chatdoctor)  # signature on its own line


def test_chatdoctor_contains_anonymiser_leftovers_and_platform_mentions(chatdoctor: list[dict]) -> None:
    mid = sum(bool(CHATDOCTOR_MID_RE.search(r["output"])) for r in chatdoctor)
    platform = sum(bool(PLATFORM_RE.search(r["output"])) for r in chatdoctor)
    assert 20 <= mid <= 35  # ~8%
    assert 12 <= platform <= 22  # ~5%


def test_chatdoctor_contains_too_short_too_long_and_empty_rows(chatdoctor: list[dict]) -> None:
    too_short = sum(0 < _words(r["output"]) < 30 for r in chatdoctor)
    too_long = sum(_words(r["input"] + " " + r["output"]) > 600 for r in chatdoctor)
    empty = sum(not r["output"].strip() for r in chatdoctor)
    assert 15 <= too_short <= 25  # ~6%
    assert 5 <= too_long <= 9  # ~2%
    assert empty == 2


def test_chatdoctor_contains_exact_and_near_duplicates(chatdoctor: list[dict]) -> None:
    exact = collections.Counter(json.dumps(r, sort_keys=True) for r in chatdoctor)
    exact_extra = sum(c - 1 for c in exact.values())
    normalised = collections.Counter(_normalise(r["input"] + " " + r["output"]) for r in chatdoctor)
    normalised_extra = sum(c - 1 for c in normalised.values())
    near_extra = normalised_extra - exact_extra
    assert 3 <= exact_extra <= 4
    assert 3 <= near_extra <= 4


def test_chatdoctor_covers_about_fifty_conditions(generator: ModuleType) -> None:
    keys = [c["key"] for c in generator.CONDITIONS]
    assert len(set(keys)) == len(keys) >= 48
    for cond in generator.CONDITIONS:
        assert len(cond["q"]) >= 3 and len(cond["c"]) >= 2 and len(cond["a"]) >= 3, cond["key"]


def test_probes_include_the_two_named_questions() -> None:
    probes = _read("probes.jsonl")
    assert len(probes) == 8
    assert all(set(p) == {"id", "question"} and p["question"].strip() for p in probes)
    assert len({p["id"] for p in probes}) == 8
    questions = {p["question"] for p in probes}
    assert "What are the early symptoms of type 2 diabetes?" in questions
    assert "How is malaria diagnosed and treated?" in questions


def test_verifiable_qa_rows_are_short_answers_with_some_vignettes_and_negations() -> None:
    rows = _read("verifiable_qa_sample.jsonl")
    assert 110 <= len(rows) <= 130
    for row in rows:
        assert set(row) == {"Open-ended Verifiable Question", "Ground-True Answer"}
        assert row["Open-ended Verifiable Question"].strip()
        assert 1 <= _words(row["Ground-True Answer"]) <= 5, row
    lengths = [_words(r["Open-ended Verifiable Question"]) for r in rows]
    assert sum(60 <= n <= 120 for n in lengths) >= 20
    assert sum(n < 20 for n in lengths) >= 50
    assert sum(bool(NEGATION_RE.search(r["Ground-True Answer"])) for r in rows) >= 5
    assert len({r["Open-ended Verifiable Question"] for r in rows}) == len(rows)


def test_generator_is_deterministic_and_matches_committed_assets(
    generator: ModuleType, tmp_path: Path
) -> None:
    first = generator.generate(tmp_path / "a")
    second = generator.generate(tmp_path / "b")
    assert set(first) == {"chatdoctor", "probes", "verifiable_qa"}
    for name, path in first.items():
        committed = (ASSETS / path.name).read_bytes()
        assert path.read_bytes() == second[name].read_bytes(), name
        assert path.read_bytes() == committed, f"{path.name} differs: rerun scripts/make_sample_data.py"
