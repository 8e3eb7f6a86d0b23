"""One training run, top to bottom: validate, seed, data, model, adapter, train, evaluate, save, return the metric.

`train(cfg)` is what `train.py` calls; it needs only a composed config and a run folder, so tests call it directly.
"""

from __future__ import annotations

import gc
import logging
import shutil
import time
from pathlib import Path
from typing import Any

import torch
from omegaconf import DictConfig, OmegaConf
from transformers import set_seed

from lorasweep import artifacts, config, device, evaluation, modeling, training
from lorasweep.data import pipeline
from lorasweep.data.report import write_data_outputs
from lorasweep.errors import ConfigError
from lorasweep.tracking import tag_for, tracking

log = logging.getLogger(__name__)


def _cheap_model_path(cfg: DictConfig) -> str | None:
    """The checkpoint folder if reading its config costs nothing now (so target modules join the first check)."""
    if cfg.model.get("embedded"):
        path = Path(cfg.paths.cache_dir).expanduser() / "models" / cfg.model.embedded
        return str(path) if (path / "config.json").is_file() else None
    return modeling.checkpoint_path(cfg.model, cfg.paths.cache_dir)


def validate_before_loading(cfg: DictConfig, hw: device.Hardware) -> str:
    """Report every config problem at once, then return the checkpoint path (building an embedded model if needed)."""
    problems = config.static_problems(cfg, hw)
    cheap = None if any(p.startswith("model.") for p in problems) else _cheap_model_path(cfg)
    if cheap is not None:
        problems += config.architecture_problems(cfg, cheap)
    config.raise_if_any(problems)  # value and architecture problems together
    path = modeling.checkpoint_path(cfg.model, cfg.paths.cache_dir)
    if cheap is None:  # the embedded model was only just built: its architecture can be checked now
        config.raise_if_any(config.architecture_problems(cfg, path))
    return path


def run_meta(cfg: DictConfig, run_dir: Path) -> dict[str, Any]:
    """Name, group and tags of the run, from Hydra: named by its overrides, grouped by its sweep."""
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    hydra_cfg = HydraConfig.get() if HydraConfig.initialized() else None
    name = (hydra_cfg.job.override_dirname if hydra_cfg else "") or "default"
    group = None
    overrides: list[str] = []
    if hydra_cfg is not None:
        overrides = list(hydra_cfg.overrides.task)
        if hydra_cfg.mode == RunMode.MULTIRUN:
            group = Path(hydra_cfg.sweep.dir).as_posix().replace("/", "_")
    return {
        "name": name,
        "group": group,
        "tags": [tag_for(o) for o in overrides if "env_set" not in o] + list(cfg.get("tags", [])),
        "config": OmegaConf.to_container(cfg, resolve=True),
    }


def _collect_metrics(
    trainer: Any, model: Any, train_result: Any, eval_before: dict, eval_after: dict
) -> dict[str, float]:
    runtime = float(train_result.metrics.get("train_runtime", 0.0))
    tokens = float(trainer.state.num_input_tokens_seen or 0)
    trainable, total = modeling.parameter_counts(model)
    return {
        "train_loss": float(train_result.training_loss),
        "eval_loss": float(eval_after["eval_loss"]),
        "eval_perplexity": artifacts.perplexity(float(eval_after["eval_loss"])),
        "eval_loss_before": float(eval_before["eval_loss"]),
        "train_runtime_s": runtime,
        "train_tokens_per_s": tokens / runtime if runtime > 0 else 0.0,
        "train_steps": int(trainer.state.global_step),
        "peak_memory_mb": device.peak_memory_mb(),
        "trainable_params": trainable,
        "total_params": total,
    }


def _fine_tune(
    cfg: DictConfig,
    run_dir: Path,
    resolved: device.Resolved,
    model_path: str,
    tokenizer: Any,
    grew_vocab: bool,
    prepared: pipeline.PreparedData,
    tracker: Any,
    started: float,
) -> dict[str, float]:
    load_started = time.time()
    model = modeling.load_base_model(model_path, cfg.model, resolved, cfg.quantization.double_quant)
    if grew_vocab:
        model.resize_token_embeddings(len(tokenizer))
    model = modeling.attach_lora(
        model,
        modeling.LoraSettings.from_mapping(OmegaConf.to_container(cfg.lora, resolve=True)),
        quantized=resolved.quantization != "none",
        gradient_checkpointing=cfg.trainer.gradient_checkpointing,
        grew_vocab=grew_vocab,
    )
    args = training.sft_config(cfg.trainer, resolved, run_dir / "checkpoints", cfg.seed, tracker.report_to)
    trainer = training.build_trainer(model, tokenizer, prepared.train, prepared.eval, args, run_dir)
    # Where a job's time goes before its first step: what a sweep pays again for every job.
    timings = {"model_load_s": time.time() - load_started}
    try:
        device.reset_peak_memory()
        baseline_started = time.time()
        eval_before = trainer.evaluate(metric_key_prefix="eval")  # the base model's loss: the baseline to beat
        timings["baseline_eval_s"] = time.time() - baseline_started
        timings["setup_s"] = time.time() - started  # job start to the first training step
        train_result = trainer.train()
        eval_after = _final_eval(trainer)
        metrics = {**_collect_metrics(trainer, model, train_result, eval_before, eval_after), **timings}
        model.save_pretrained(run_dir / "adapter")
        tokenizer.save_pretrained(run_dir / "adapter")
        metrics.update(evaluation.after_training(model, tokenizer, cfg, prepared, run_dir, tracker))
        shutil.rmtree(args.output_dir, ignore_errors=True)  # save_strategy=no leaves it empty
        return metrics
    finally:
        # Free everything before the next in-process sweep job, so its memory figures are its own.
        del trainer, model
        gc.collect()
        if torch.cuda.is_available():
            torch.cuda.empty_cache()


def _final_eval(trainer: Any) -> dict[str, float]:
    """The eval metrics after the last step; reused when the schedule already evaluated there (evals are costly)."""
    last = next((h for h in reversed(trainer.state.log_history) if "eval_loss" in h), None)
    if last is not None and last.get("step") == trainer.state.global_step:
        return last
    return trainer.evaluate()


def optimized_value(cfg: DictConfig, metrics: dict[str, float]) -> float | tuple[float, ...]:
    """The value(s) a Hydra sweeper optimises, with a clear error when a name is not a produced metric."""
    names = [cfg.optimized_metric] if isinstance(cfg.optimized_metric, str) else list(cfg.optimized_metric)
    missing = [n for n in names if n not in metrics]
    if missing:
        raise ConfigError(
            f"optimized_metric={missing} is not a metric this run produced; it produced {sorted(metrics)}."
        )
    values = tuple(float(metrics[n]) for n in names)
    return values[0] if len(values) == 1 else values


def train(cfg: DictConfig, run_dir: Path) -> dict[str, float]:
    """Run one job into `run_dir` and return its metrics (also written to metrics.json)."""
    run_dir.mkdir(parents=True, exist_ok=True)
    started = time.time()
    state, reason = "FAILED", None
    try:
        hw = device.Hardware.detect()
        resolved = device.resolve(cfg.trainer.precision, cfg.quantization.method, cfg.trainer.optim, hw)
        model_path = validate_before_loading(cfg, hw)
        log.info("Resolved: %s", resolved.as_dict())
        artifacts.write_json(run_dir / "env.json", artifacts.environment(resolved.as_dict(), cfg.seed))
        set_seed(cfg.seed)

        tokenizer, grew_vocab = modeling.load_tokenizer(model_path, cfg.model)
        data_cfg = OmegaConf.to_container(cfg.data, resolve=True)
        prepared = pipeline.prepare(
            data_cfg,
            tokenizer,
            cfg.trainer.max_seq_length,
            cfg.paths.cache_dir,
            cfg.model.get("system_role", "native"),
        )
        data_report = write_data_outputs(prepared, run_dir, with_records=cfg.prepare_only)
        if cfg.prepare_only:
            state = "COMPLETE"
            log.info(
                "prepare_only: wrote %s and data/cleaned.jsonl; no model was loaded",
                run_dir / "data_report.json",
            )
            return {}

        with tracking(cfg.logger, run_dir, run_meta(cfg, run_dir)) as tracker:
            tracker.log_summary({"resolved": resolved.as_dict(), "data": _report_summary(data_report)})
            metrics = _fine_tune(cfg, run_dir, resolved, model_path, tokenizer, grew_vocab, prepared, tracker, started)
            metrics["job_runtime_s"] = time.time() - started
            artifacts.write_json(run_dir / "metrics.json", metrics)
            artifacts.plot_loss_curve(
                artifacts.read_log_history(run_dir / "log_history.jsonl"), run_dir / "loss_curve.png"
            )
            tracker.log_summary(metrics)
            tracker.log_files(
                [
                    run_dir / p
                    for p in (
                        "data_report.json",
                        "token_lengths.png",
                        "loss_curve.png",
                        "metrics.json",
                        "env.json",
                    )
                ],
                run_dir,
            )
        state = "COMPLETE"
        return metrics
    except BaseException as err:
        state = "PRUNED" if type(err).__name__ == "TrialPruned" else "FAILED"
        reason = f"{type(err).__name__}: {err}"
        raise
    finally:
        artifacts.write_json(
            run_dir / "status.json",
            {"state": state, "reason": reason, "runtime_s": round(time.time() - started, 2)},
        )


def _report_summary(report: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "rows_in",
        "rows_out",
        "train_rows",
        "eval_rows",
        "dropped",
        "scrubbed",
        "token_lengths",
        "fingerprint",
    )
    return {k: report.get(k) for k in keys}
