"""Evaluate without training: a finished run folder (base against fine-tuned) or a base model alone.

With `run_dir`, the model, quantization, data and trainer settings (and the seed, which fixes the data split)
come from the run's own `.hydra/config.yaml`; `eval`, `generation`, `paths` and `logger` come from this
command, so every run scored by one command is scored the same way. Everything is checked before any model
loads.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf

from lorasweep import artifacts, config, device, modeling
from lorasweep.errors import ConfigError
from lorasweep.evaluation.runner import execute
from lorasweep.evaluation.settings import build_plan
from lorasweep.tracking import tracking

log = logging.getLogger(__name__)

# Groups this command decides; everything else comes from the evaluated run.
COMMAND_KEYS = ("eval", "generation", "paths", "logger")
# Overrides that would contradict a run folder (its adapter was trained on its own model and data).
RUN_OWNED = ("model", "quantization", "data", "lora", "trainer", "seed")


def _override_key(override: str) -> str:
    return override.split("=", 1)[0].lstrip("+~")


def run_folder_problems(run_dir: str, overrides: list[str]) -> list[str]:
    """What is wrong with `run_dir=` as a finished run folder, and overrides that contradict it."""
    folder = Path(run_dir).expanduser()
    problems = []
    if not folder.is_dir():
        return [
            f"run_dir={run_dir!r} does not exist: give the folder of a finished training run "
            "(outputs/<date>/<time>)."
        ]
    if not (folder / ".hydra" / "config.yaml").is_file():
        problems.append(
            f"run_dir={run_dir!r} has no .hydra/config.yaml: it is not a run folder written by train.py."
        )
    if not (folder / "adapter" / "adapter_config.json").is_file():
        problems.append(
            f"run_dir={run_dir!r} has no adapter (adapter/adapter_config.json): the run did not finish or "
            "was prepare_only. Pick a finished run, or evaluate the base model alone with model=<option> "
            "and no run_dir."
        )
    clashing = sorted({_override_key(o) for o in overrides if _override_key(o).split(".")[0] in RUN_OWNED})
    if clashing:
        problems.append(
            f"{', '.join(clashing)} cannot be overridden together with run_dir: the adapter belongs to the "
            "run's own model, data and seed. Drop them, or evaluate a base model alone with model=<option> "
            "and no run_dir."
        )
    return problems


def effective_config(cfg: DictConfig, overrides: list[str]) -> DictConfig:
    """The config to evaluate with: the run's own config with this command's eval/generation/paths/logger."""
    if not cfg.get("run_dir"):
        return cfg
    problems = run_folder_problems(str(cfg.run_dir), overrides)
    if problems:
        raise ConfigError(problems)
    run_cfg = OmegaConf.load(Path(cfg.run_dir).expanduser() / ".hydra" / "config.yaml")
    OmegaConf.set_struct(run_cfg, False)
    for key in COMMAND_KEYS:
        run_cfg[key] = OmegaConf.to_container(cfg[key], resolve=False)
    run_cfg["run_dir"] = str(Path(cfg.run_dir).expanduser().resolve())
    return run_cfg


def _eval_loss(
    model: Any, tokenizer: Any, cfg: DictConfig, prepared: Any, resolved: device.Resolved, out_dir: Path
) -> dict[str, float]:
    """Eval loss and perplexity on the run's eval split, computed by the same trainer the run used."""
    from lorasweep import training

    work = out_dir / "eval_trainer"
    args = training.sft_config(cfg.trainer, resolved, work, int(cfg.seed), "none")
    trainer = training.build_trainer(model, tokenizer, prepared.train, prepared.eval, args, out_dir)
    try:
        loss = float(trainer.evaluate(metric_key_prefix="eval")["eval_loss"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
        del trainer
    return {"eval_loss": loss, "eval_perplexity": artifacts.perplexity(loss)}


def _load(
    cfg: DictConfig, resolved: device.Resolved, model_path: str, run_dir: Path | None
) -> tuple[Any, Any]:
    """The tokenizer and the model: the run's adapter on its base model, or the base model alone."""
    # The run saved its tokenizer next to the adapter (with any pad token it added); use exactly that one.
    tokenizer_path = str(run_dir / "adapter") if run_dir else model_path
    tokenizer, _ = modeling.load_tokenizer(tokenizer_path, cfg.model)
    model = modeling.load_base_model(
        model_path, cfg.model, resolved, cfg.quantization.get("double_quant", True)
    )
    if len(tokenizer) > model.get_input_embeddings().num_embeddings:
        model.resize_token_embeddings(len(tokenizer))
    if run_dir:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, str(run_dir / "adapter"), is_trainable=False)
    return tokenizer, model


def evaluate(cfg: DictConfig, out_dir: Path, overrides: list[str]) -> dict[str, float]:
    """Check everything, load the model(s), evaluate into `out_dir`, write metrics.json; return them."""
    started = time.time()
    out_dir.mkdir(parents=True, exist_ok=True)
    cfg = effective_config(cfg, overrides)
    run_dir = Path(cfg.run_dir) if cfg.get("run_dir") else None
    hw = device.Hardware.detect()
    from lorasweep.evaluation.settings import problems as eval_problems

    # dict.fromkeys: the run's validation may already include the eval problems; list each once.
    found = list(dict.fromkeys(config.static_problems(cfg, hw) + eval_problems(cfg)))
    if found:
        raise ConfigError(found)
    resolved = device.resolve(cfg.trainer.precision, cfg.quantization.method, cfg.trainer.optim, hw)
    model_path = modeling.checkpoint_path(cfg.model, cfg.paths.cache_dir)

    prepared, train_records, eval_records = None, [], []
    if run_dir:
        from lorasweep.data import pipeline

        tokenizer, _ = modeling.load_tokenizer(str(run_dir / "adapter"), cfg.model)
        prepared = pipeline.prepare(
            OmegaConf.to_container(cfg.data, resolve=True),
            tokenizer,
            cfg.trainer.max_seq_length,
            cfg.paths.cache_dir,
            cfg.model.get("system_role", "native"),
        )
        train_records, eval_records = prepared.records("train"), prepared.records("eval")
    plan = build_plan(
        cfg, train_records, eval_records
    )  # reads probes and QA: bad files fail before the model loads
    artifacts.write_json(out_dir / "env.json", artifacts.environment(resolved.as_dict(), int(cfg.seed)))

    tokenizer, model = _load(cfg, resolved, model_path, run_dir)
    meta = {
        "name": "evaluate:"
        + (run_dir.name if run_dir else cfg.model.get("embedded") or cfg.model.name_or_path),
        "group": "evaluate",
        "tags": ["evaluate"],
        "config": OmegaConf.to_container(cfg, resolve=True),
    }
    with tracking(cfg.logger, out_dir, meta) as tracker:
        metrics: dict[str, float] = {}
        if prepared is not None:
            metrics.update(_eval_loss(model, tokenizer, cfg, prepared, resolved, out_dir))
        metrics.update(
            execute(
                plan,
                model,
                tokenizer,
                cfg.generation,
                cfg.model.get("system_role", "native"),
                out_dir,
                tracker,
            )
        )
        metrics["job_runtime_s"] = time.time() - started
        artifacts.write_json(out_dir / "metrics.json", metrics)
        artifacts.write_json(
            out_dir / "evaluated.json",
            {
                "run_dir": str(run_dir) if run_dir else None,
                "model": OmegaConf.to_container(cfg.model, resolve=True),
                "adapter": str(run_dir / "adapter") if run_dir else None,
            },
        )
        tracker.log_summary(metrics)
    return metrics
