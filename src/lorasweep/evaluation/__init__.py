"""Evaluation stage: base against fine-tuned answers, verifiable-answer accuracy with confidence intervals,
generation metrics. `after_training` is what a training run calls; `standalone.evaluate` scores any finished
run folder or a base model alone (`python evaluate.py`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from omegaconf import DictConfig


def after_training(
    model: Any, tokenizer: Any, cfg: DictConfig, prepared: Any, run_dir: Path, tracker: Any
) -> dict[str, float]:
    """Evaluate the just-trained PeftModel (and its base, adapter off) into `run_dir`; flat float metrics.

    Writes probes.jsonl, probes.md and vqa_predictions.jsonl and logs them as tables. Only QA questions that
    are not in the train split are scored. Returns {} with `eval=none`.
    """
    from lorasweep.evaluation.runner import execute
    from lorasweep.evaluation.settings import build_plan, eval_settings

    if not eval_settings(cfg).get("enabled", True):
        return {}
    plan = build_plan(cfg, prepared.records("train"), prepared.records("eval"))
    return execute(
        plan, model, tokenizer, cfg.generation, cfg.model.get("system_role", "native"), Path(run_dir), tracker
    )


def problems(cfg: DictConfig) -> list[str]:
    """Every problem with the `eval` config group, for the run's validation before any model loads."""
    from lorasweep.evaluation.settings import problems as eval_problems

    return eval_problems(cfg)


__all__ = ["after_training", "problems"]
