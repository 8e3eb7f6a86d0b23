"""A run end to end, in process: every artifact, reproducibility, data-only mode, W&B offline, user errors."""

import json
import math

import pytest
from conftest import compose_smoke
from wandb_log import read_offline_run

from lorasweep.errors import ConfigError, NonFiniteLossError
from lorasweep.run import optimized_value, train
from lorasweep.training import StopOnNonFiniteLoss

METRIC_KEYS = {
    "train_loss",
    "eval_loss",
    "eval_perplexity",
    "train_runtime_s",
    "train_tokens_per_s",
    "peak_memory_mb",
    "trainable_params",
    "total_params",
}


def test_smoke_run_writes_every_artifact_with_finite_values(smoke_run_dir):
    for name in (
        "metrics.json",
        "env.json",
        "status.json",
        "data_report.json",
        "log_history.jsonl",
        "loss_curve.png",
        "token_lengths.png",
        "adapter/adapter_config.json",
        "adapter/adapter_model.safetensors",
        "adapter/tokenizer_config.json",
    ):
        assert (smoke_run_dir / name).is_file(), name
    metrics = json.loads((smoke_run_dir / "metrics.json").read_text())
    assert METRIC_KEYS <= set(metrics)
    assert all(math.isfinite(metrics[k]) for k in METRIC_KEYS)
    assert metrics["eval_perplexity"] == pytest.approx(math.exp(metrics["eval_loss"]))
    assert 0 < metrics["trainable_params"] < metrics["total_params"]
    assert metrics["train_steps"] == 6
    assert json.loads((smoke_run_dir / "status.json").read_text())["state"] == "COMPLETE"
    assert (smoke_run_dir / "loss_curve.png").read_bytes()[:4] == b"\x89PNG"


def test_env_json_records_what_was_resolved(smoke_run_dir):
    env = json.loads((smoke_run_dir / "env.json").read_text())
    assert env["device"] == "cpu" and env["precision"] == "fp32" and env["quantization"] == "none"
    assert env["seed"] == 42 and env["packages"]["transformers"] and env["packages"]["peft"]
    assert set(env["git"]) == {"commit", "dirty"}


def test_log_history_has_train_and_eval_steps(smoke_run_dir):
    history = [json.loads(line) for line in (smoke_run_dir / "log_history.jsonl").read_text().splitlines()]
    assert [h["step"] for h in history if "loss" in h] == [1, 2, 3, 4, 5, 6]
    assert [h["step"] for h in history if "eval_loss" in h] == [0, 3, 6]


def test_the_adapter_targets_the_configured_modules(smoke_run_dir):
    adapter = json.loads((smoke_run_dir / "adapter" / "adapter_config.json").read_text())
    assert adapter["r"] == 16 and adapter["lora_alpha"] == 32
    assert set(adapter["target_modules"]) == {
        "q_proj",
        "k_proj",
        "v_proj",
        "o_proj",
        "gate_proj",
        "up_proj",
        "down_proj",
    }


def test_same_config_gives_the_same_eval_loss(smoke_run_dir, cache_dir, tmp_path):
    again = train(compose_smoke(cache_dir), tmp_path / "again")
    first = json.loads((smoke_run_dir / "metrics.json").read_text())
    assert again["eval_loss"] == pytest.approx(first["eval_loss"], rel=1e-6, abs=1e-7)
    assert again["train_loss"] == pytest.approx(first["train_loss"], rel=1e-6, abs=1e-7)


def test_prepare_only_writes_data_outputs_and_loads_no_model(cache_dir, tmp_path):
    run_dir = tmp_path / "prep"
    assert train(compose_smoke(cache_dir, "prepare_only=true"), run_dir) == {}
    lines = (run_dir / "data" / "cleaned.jsonl").read_text().splitlines()
    report = json.loads((run_dir / "data_report.json").read_text())
    assert len(lines) == report["rows_out"] == 48
    assert all(set(json.loads(line)) == {"system", "question", "answer"} for line in lines)
    assert not (run_dir / "adapter").exists() and not (run_dir / "metrics.json").exists()
    assert (run_dir / "token_lengths.png").is_file()


def test_a_failed_run_says_so_and_writes_no_metrics(cache_dir, tmp_path):
    run_dir = tmp_path / "bad"
    with pytest.raises(ConfigError):
        train(compose_smoke(cache_dir, "lora.r=0"), run_dir)
    status = json.loads((run_dir / "status.json").read_text())
    assert status["state"] == "FAILED" and "lora.r=0" in status["reason"]
    assert not (run_dir / "metrics.json").exists()


def test_wandb_offline_run_holds_config_and_metrics(cache_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("WANDB_MODE", "offline")
    monkeypatch.delenv("WANDB_API_KEY", raising=False)
    run_dir = tmp_path / "wb"
    cfg = compose_smoke(cache_dir, "logger=wandb", "trainer.max_steps=2", "trainer.eval_steps=2")
    metrics = train(cfg, run_dir)
    logs = list((run_dir / "wandb").glob("offline-run-*/run-*.wandb"))
    assert len(logs) == 1  # a complete offline run, uploadable later with `wandb sync`
    recorded = read_offline_run(logs[0])
    config, summary = recorded["config"], recorded["summary"]
    assert config["lora"]["r"] == 16 and config["trainer"]["max_steps"] == 2 and config["seed"] == 42
    assert summary["eval_loss"] == pytest.approx(metrics["eval_loss"])
    assert summary["trainable_params"] == metrics["trainable_params"]
    assert summary["data"]["rows_out"] == 48


def test_optimized_metric_must_be_produced(cache_dir):
    cfg = compose_smoke(cache_dir, "optimized_metric=bleu")
    with pytest.raises(
        ConfigError, match=r"optimized_metric=\['bleu'\].*it produced \['eval_loss', 'train_loss'\]"
    ):
        optimized_value(cfg, {"eval_loss": 1.0, "train_loss": 2.0})
    multi = compose_smoke(cache_dir, "optimized_metric=[eval_loss,train_loss]")
    assert optimized_value(multi, {"eval_loss": 1.0, "train_loss": 2.0}) == (1.0, 2.0)


def test_a_nan_loss_stops_the_run_with_the_fix():
    class Args:
        learning_rate = 10.0

    class State:
        global_step = 7

    with pytest.raises(NonFiniteLossError, match="loss became nan at step 7.*lower trainer.learning_rate"):
        StopOnNonFiniteLoss().on_log(Args(), State(), None, logs={"loss": float("nan")})
    StopOnNonFiniteLoss().on_log(Args(), State(), None, logs={"loss": 1.5})


def test_hub_code_paths_work_on_local_folders(cache_dir, tiny_model_dir, tmp_path):
    """`model.name_or_path` and `data.hub_id` go through from_pretrained / load_dataset, which accept local folders:
    the exact code users run against the Hub, exercised here without a network."""
    from conftest import chatdoctor_rows, write_jsonl

    dataset_dir = tmp_path / "hub-like-dataset"
    dataset_dir.mkdir()
    write_jsonl(dataset_dir / "train.jsonl", chatdoctor_rows(40))
    cfg = compose_smoke(
        cache_dir,
        "model.embedded=null",
        f"model.name_or_path={tiny_model_dir}",
        "data.embedded=null",
        f"data.hub_id={dataset_dir}",
        "data.sample_size=null",
        "eval=none",
        "trainer.max_steps=2",
        "trainer.eval_steps=2",
    )
    metrics = train(cfg, tmp_path / "run")
    report = json.loads((tmp_path / "run" / "data_report.json").read_text())
    assert report["rows_in"] == 40 and report["source_fingerprint"].startswith("hub:")
    assert math.isfinite(metrics["eval_loss"]) and metrics["train_steps"] == 2
