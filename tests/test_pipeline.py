"""The data stage: report arithmetic, a question-disjoint split, caching by fingerprint, and clear failures."""

import json

import pytest
from conftest import chatdoctor_rows, write_jsonl
from omegaconf import OmegaConf

from lorasweep.data import pipeline
from lorasweep.data.pipeline import normalise_question, prepare, split_by_question
from lorasweep.errors import DataError


def _data_cfg(compose_cfg, path, *overrides):
    cfg = compose_cfg("experiment=smoke", "data.embedded=null", f"data.path={path}", *overrides)
    return OmegaConf.to_container(cfg.data, resolve=True)


def test_report_arithmetic_rows_in_equals_rows_out_plus_drops(
    compose_cfg, tokenizer, chatdoctor_file, tmp_path
):
    short = {
        "instruction": "x",
        "input": "Why does my left knee keep clicking when I climb the stairs?",
        "output": "Too short.",
    }
    rows = chatdoctor_rows(40) + [short] * 3
    path = write_jsonl(tmp_path / "mixed.jsonl", rows)
    prepared = prepare(
        _data_cfg(compose_cfg, path, "data.sample_size=null"), tokenizer, 256, tmp_path / "cache"
    )
    report = prepared.report
    assert report["rows_in"] == 43
    assert report["rows_in"] == report["rows_out"] + sum(report["dropped"].values())
    assert report["rows_out"] == report["train_rows"] + report["eval_rows"]
    assert report["train_rows"] == len(prepared.train) and report["eval_rows"] == len(prepared.eval)
    assert report["dropped"]["min_answer_words"] == 3  # the three 2-word answers
    assert report["scrubbed"]["greeting"] == 20  # every other row opened with a greeting
    lengths = report["token_lengths"]
    assert (
        lengths["count"] == report["rows_out"]
        and lengths["min"] <= lengths["p50"] <= lengths["p99"] <= lengths["max"]
    )


def test_split_never_shares_a_question():
    records = [{"question": f"Question {i % 13}", "answer": str(i), "system": ""} for i in range(60)]
    records += [{"question": "QUESTION   3", "answer": "dup", "system": ""}]
    train, held_out = split_by_question(records, 0.2, seed=1)
    assert len(train) + len(held_out) == 61 and held_out
    assert not {normalise_question(r["question"]) for r in train} & {
        normalise_question(r["question"]) for r in held_out
    }
    assert split_by_question(records, 0.2, seed=1) == (train, held_out)
    assert split_by_question(records, 0.2, seed=2) != (train, held_out)


def test_second_prepare_is_a_cache_hit(compose_cfg, tokenizer, chatdoctor_file, tmp_path, monkeypatch):
    cfg = _data_cfg(compose_cfg, chatdoctor_file)
    first = prepare(cfg, tokenizer, 256, tmp_path / "cache")
    calls = []
    monkeypatch.setattr(pipeline, "build", lambda *a, **k: calls.append(1))
    second = prepare(cfg, tokenizer, 256, tmp_path / "cache")
    assert calls == []
    assert second.report == first.report
    assert second.train["input_ids"] == first.train["input_ids"]


def test_cleaning_threshold_or_budget_change_gives_a_fresh_entry(
    compose_cfg, tokenizer, chatdoctor_file, tmp_path
):
    base = prepare(_data_cfg(compose_cfg, chatdoctor_file), tokenizer, 256, tmp_path / "cache")
    stricter = prepare(
        _data_cfg(compose_cfg, chatdoctor_file, "data.cleaning.min_answer_words=10"),
        tokenizer,
        256,
        tmp_path / "cache",
    )
    shorter = prepare(_data_cfg(compose_cfg, chatdoctor_file), tokenizer, 200, tmp_path / "cache")
    assert (
        len({base.report["fingerprint"], stricter.report["fingerprint"], shorter.report["fingerprint"]}) == 3
    )
    # LoRA and learning-rate settings are not data settings: the same entry serves those sweep jobs.
    assert len(list((tmp_path / "cache" / "datasets").iterdir())) == 3


def test_records_of_each_split_match_the_datasets(compose_cfg, tokenizer, chatdoctor_file, tmp_path):
    prepared = prepare(_data_cfg(compose_cfg, chatdoctor_file), tokenizer, 256, tmp_path / "cache")
    assert len(prepared.records("train")) == len(prepared.train)
    assert len(prepared.records("eval")) == len(prepared.eval)
    assert set(prepared.records("eval")[0]) == {"system", "question", "answer"}


def test_data_that_cleaning_empties_names_the_rule_that_took_most(
    compose_cfg, tokenizer, chatdoctor_file, tmp_path
):
    cfg = _data_cfg(
        compose_cfg,
        chatdoctor_file,
        "data.cleaning.min_answer_words=500",
        "data.cleaning.max_total_words=5000",
    )
    with pytest.raises(DataError) as err:
        prepare(cfg, tokenizer, 256, tmp_path / "cache")
    assert "left no training rows out of 60" in str(err.value)
    assert "min_answer_words=60" in str(err.value) and "'min_answer_words' took the most" in str(err.value)
    assert not (tmp_path / "cache" / "datasets").exists() or not any(
        (tmp_path / "cache" / "datasets").iterdir()
    )


def test_sample_size_draws_seeded_rows(compose_cfg, tokenizer, chatdoctor_file, tmp_path):
    a = prepare(
        _data_cfg(compose_cfg, chatdoctor_file, "data.sample_size=20"), tokenizer, 256, tmp_path / "c"
    )
    b = prepare(
        _data_cfg(compose_cfg, chatdoctor_file, "data.sample_size=20"), tokenizer, 256, tmp_path / "d"
    )
    assert a.report["rows_out"] == 20 and a.report["dropped"]["sample_size"] == 40
    assert json.dumps(a.records("train")) == json.dumps(b.records("train"))
