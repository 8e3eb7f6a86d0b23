"""Batched generation, base against fine-tuned weights, and the evaluation stage after training."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from lorasweep import modeling
from lorasweep.data.pipeline import normalise_question, prepare
from lorasweep.evaluation import after_training
from lorasweep.evaluation.generate import GenerationSettings, generate
from lorasweep.evaluation.runner import model_passes
from lorasweep.tracking import Tracker

ROOT = Path(__file__).resolve().parents[1]
GREEDY = {
    "max_new_tokens": 6,
    "do_sample": False,
    "temperature": 0.7,
    "top_p": 0.9,
    "repetition_penalty": 1.1,
}
QUESTIONS = [
    "What are the early symptoms of type 2 diabetes?",
    "How is malaria diagnosed?",
    "I have had a dry cough for three weeks after a cold and it gets worse at night. When should I worry?",
    "Why?",
    "What can I do at home to lower my blood pressure without medication?",
]


def eval_overrides(*extra: str) -> list[str]:
    """The eval group joins train.yaml's defaults in the lead's wiring; until then it is appended here."""
    wired = "- eval:" in (ROOT / "conf" / "train.yaml").read_text()
    return ([] if wired else ["+eval=default"]) + list(extra)


def conversations(questions: list[str]) -> list[list[dict[str, str]]]:
    return [[{"role": "user", "content": q}] for q in questions]


@pytest.fixture
def base_model(tiny_model_dir: Path):
    from transformers import AutoModelForCausalLM

    torch.manual_seed(0)
    return AutoModelForCausalLM.from_pretrained(str(tiny_model_dir), dtype=torch.float32)


def lora_model(model, nonzero: bool = True):
    peft_model = modeling.attach_lora(
        model,
        modeling.LoraSettings(r=4, alpha=8, dropout=0.0, target_modules=["q_proj", "v_proj"], bias="none"),
        quantized=False,
        gradient_checkpointing=False,
        grew_vocab=False,
    )
    if nonzero:  # a fresh adapter is the identity (B = 0); training would have moved B away from zero
        torch.manual_seed(1)
        for name, param in peft_model.named_parameters():
            if "lora_B" in name:
                torch.nn.init.normal_(param, std=2.0)
    return peft_model


def test_batched_equals_one_at_a_time(base_model, tokenizer) -> None:
    settings = GenerationSettings.from_mapping(GREEDY)
    batched = generate(base_model, tokenizer, conversations(QUESTIONS), settings, batch_size=8, seed=0)
    single = generate(base_model, tokenizer, conversations(QUESTIONS), settings, batch_size=1, seed=0)
    assert [g.text for g in batched] == [g.text for g in single]
    assert all(0 < g.new_tokens <= 6 for g in batched)
    assert tokenizer.padding_side == "right"  # restored for training


def test_respects_max_new_tokens_and_is_deterministic(base_model, tokenizer) -> None:
    short = GenerationSettings.from_mapping(GREEDY, max_new_tokens=2)
    out = generate(base_model, tokenizer, conversations(QUESTIONS[:2]), short, batch_size=2, seed=0)
    assert all(g.new_tokens <= 2 for g in out)
    again = generate(base_model, tokenizer, conversations(QUESTIONS[:2]), short, batch_size=2, seed=5)
    assert [g.text for g in out] == [g.text for g in again]  # greedy: the seed does not matter


def test_sampling_is_reproducible_with_the_seed(base_model, tokenizer) -> None:
    sampling = GenerationSettings.from_mapping(
        {**GREEDY, "do_sample": True, "temperature": 1.5, "top_p": 1.0}
    )
    first = generate(base_model, tokenizer, conversations(QUESTIONS), sampling, batch_size=8, seed=11)
    second = generate(base_model, tokenizer, conversations(QUESTIONS), sampling, batch_size=8, seed=11)
    assert [g.text for g in first] == [g.text for g in second]


def test_base_pass_uses_base_weights_and_tuned_pass_the_adapter(base_model, tokenizer) -> None:
    settings = GenerationSettings.from_mapping({**GREEDY, "max_new_tokens": 8})
    batch = tokenizer(["Hello doctor, my head hurts."], return_tensors="pt")
    with torch.inference_mode():
        plain_logits = base_model(**batch).logits.clone()
    plain_text = [g.text for g in generate(base_model, tokenizer, conversations(QUESTIONS), settings, 8, 0)]

    model = lora_model(base_model)
    passes = dict(model_passes(model))
    assert list(passes) == ["base", "tuned"]
    with torch.inference_mode():
        with passes["base"]():
            off_logits = model(**batch).logits
        with passes["tuned"]():
            on_logits = model(**batch).logits
    torch.testing.assert_close(off_logits, plain_logits)
    assert (on_logits - plain_logits).abs().max() > 1e-2

    with passes["base"]():
        base_text = [g.text for g in generate(model, tokenizer, conversations(QUESTIONS), settings, 8, 0)]
    with passes["tuned"]():
        tuned_text = [g.text for g in generate(model, tokenizer, conversations(QUESTIONS), settings, 8, 0)]
    assert base_text == plain_text
    assert tuned_text != base_text


def test_without_adapter_only_the_base_model_runs(base_model) -> None:
    assert [name for name, _ in model_passes(base_model)] == ["base"]


def test_after_training_writes_probes_and_metrics(
    base_model, tokenizer, compose_cfg, cache_dir, tmp_path
) -> None:
    cfg = compose_cfg(
        "experiment=smoke",
        *eval_overrides(
            "generation.max_new_tokens=4",
            "eval.qa.max_new_tokens=4",
            "eval.qa.max_rows=5",
            "eval.probes.from_eval_split=2",
        ),
    )
    prepared = prepare(dict(cfg.data), tokenizer, cfg.trainer.max_seq_length, cache_dir)
    # A QA file mixing trained questions (case and spacing changed) with unseen ones.
    train_questions = [r["question"] for r in prepared.records("train")][:3]
    qa_rows = [{"q": "  " + q.upper() + " ", "a": "rest"} for q in train_questions]
    qa_rows += [{"q": f"Which organ does test question {i} concern?", "a": "The liver"} for i in range(4)]
    qa_file = tmp_path / "qa.jsonl"
    qa_file.write_text("".join(json.dumps(r) + "\n" for r in qa_rows))
    cfg.eval.qa.update({"path": str(qa_file), "embedded": None, "fields": {"question": "q", "answer": "a"}})

    class Tables(Tracker):
        def __init__(self) -> None:
            self.tables: dict[str, tuple[list, list]] = {}

        def log_table(self, key, columns, rows):
            self.tables[key] = (columns, rows)

    tracker = Tables()
    run_dir = tmp_path / "run"
    metrics = after_training(lora_model(base_model), tokenizer, cfg, prepared, run_dir, tracker)

    probes = [json.loads(line) for line in (run_dir / "probes.jsonl").read_text().splitlines()]
    assert len(probes) == 8 + 2 and probes[0]["id"] == "t2d_early_symptoms"
    assert all(set(p) >= {"base", "tuned", "question"} for p in probes)
    assert probes[0]["system"] == prepared.records("train")[0]["system"]  # from_train
    markdown = (run_dir / "probes.md").read_text()
    assert "| Base model (adapter off) | Fine-tuned |" in markdown and "How is malaria diagnosed" in markdown
    assert tracker.tables["eval/probes"][0] == ["id", "question", "base", "tuned"]

    predictions = [json.loads(line) for line in (run_dir / "vqa_predictions.jsonl").read_text().splitlines()]
    trained = {normalise_question(r["question"]) for r in prepared.records("train")}
    assert len(predictions) == 4 and not {normalise_question(p["question"]) for p in predictions} & trained
    assert all("prediction" in p and "base_prediction" in p for p in predictions)

    assert metrics["vqa_excluded_trained"] == 3.0 and metrics["vqa_n"] == 4.0
    for name in ("vqa_exact_match", "vqa_partial_match", "vqa_exact_match_base"):
        assert metrics[f"{name}_ci_low"] <= metrics[name] <= metrics[f"{name}_ci_high"]
        assert metrics[f"{name}_n"] == 4.0
    for model in ("base", "tuned"):
        for key in ("filler_rate", "noise_rate", "answer_words", "repetition"):
            assert isinstance(metrics[f"probe_{key}_{model}"], float)
    assert all(isinstance(v, float) for v in metrics.values())


def test_eval_none_does_nothing(base_model, tokenizer, compose_cfg, tmp_path) -> None:
    overrides = eval_overrides()
    overrides = ["+eval=none"] if overrides else ["eval=none"]
    cfg = compose_cfg("experiment=smoke", *overrides)
    assert after_training(base_model, tokenizer, cfg, None, tmp_path, Tracker()) == {}
    assert not (tmp_path / "probes.jsonl").exists()
