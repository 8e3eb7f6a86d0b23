"""Validate the composed config before anything expensive happens, and report every problem at once.

Hydra already rejects unknown group options (and lists the valid ones). What is checked here is what Hydra
cannot know: value ranges, files that must exist, hardware that must support a request, and LoRA target
modules that the model's architecture must have.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf

from lorasweep.device import Hardware, precision_problem, quantization_problem
from lorasweep.errors import ConfigError

log = logging.getLogger(__name__)

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


def looks_like_local_path(name: str) -> bool:
    """A value meant as a folder on disk rather than a Hub id ("org/name")."""
    return name.startswith(("/", "./", "../", "~")) or not _HUB_ID.match(name)


def _number(cfg: DictConfig, key: str) -> Any:
    return OmegaConf.select(cfg, key)


def _range_problems(cfg: DictConfig) -> list[str]:
    """Value checks: each entry is (key, predicate that must hold, the fix)."""
    checks: list[tuple[str, Any, str]] = [
        ("lora.r", lambda v: isinstance(v, int) and v > 0, "use a positive integer such as 8 or 16"),
        (
            "lora.alpha",
            lambda v: isinstance(v, (int, float)) and v > 0,
            "use a positive number (usually 2*r)",
        ),
        (
            "lora.dropout",
            lambda v: isinstance(v, (int, float)) and 0 <= v < 1,
            "use a value in [0, 1), e.g. 0.05",
        ),
        ("lora.bias", lambda v: v in ("none", "all", "lora_only"), "use none, all or lora_only"),
        (
            "trainer.learning_rate",
            lambda v: isinstance(v, (int, float)) and v > 0,
            "use a positive rate, e.g. 2e-4",
        ),
        (
            "trainer.per_device_train_batch_size",
            lambda v: isinstance(v, int) and v > 0,
            "use a positive integer",
        ),
        (
            "trainer.per_device_eval_batch_size",
            lambda v: isinstance(v, int) and v > 0,
            "use a positive integer",
        ),
        (
            "trainer.gradient_accumulation_steps",
            lambda v: isinstance(v, int) and v > 0,
            "use a positive integer",
        ),
        ("trainer.max_seq_length", lambda v: isinstance(v, int) and v > 16, "use a length such as 512"),
        (
            "trainer.num_train_epochs",
            lambda v: isinstance(v, (int, float)) and v > 0,
            "use a positive number",
        ),
        (
            "trainer.max_steps",
            lambda v: isinstance(v, int) and (v > 0 or v == -1),
            "use a positive integer, or -1 for epochs",
        ),
        (
            "trainer.warmup_ratio",
            lambda v: isinstance(v, (int, float)) and 0 <= v < 1,
            "use a value in [0, 1)",
        ),
        ("trainer.eval_steps", lambda v: isinstance(v, int) and v > 0, "use a positive integer"),
        ("trainer.logging_steps", lambda v: isinstance(v, int) and v > 0, "use a positive integer"),
        (
            "generation.max_new_tokens",
            lambda v: isinstance(v, int) and v > 0,
            "use a positive integer such as 256",
        ),
        ("generation.temperature", lambda v: isinstance(v, (int, float)) and v >= 0, "use 0 or more"),
        ("generation.top_p", lambda v: isinstance(v, (int, float)) and 0 < v <= 1, "use a value in (0, 1]"),
        (
            "generation.repetition_penalty",
            lambda v: isinstance(v, (int, float)) and v > 0,
            "use a positive number",
        ),
        (
            "data.eval_fraction",
            lambda v: isinstance(v, (int, float)) and 0 < v < 1,
            "use a value in (0, 1), e.g. 0.1",
        ),
        ("data.over_length", lambda v: v in ("drop", "truncate"), "use drop or truncate"),
        (
            "data.sample_size",
            lambda v: v is None or (isinstance(v, int) and v > 0),
            "use a positive integer or null",
        ),
    ]
    problems = []
    for key, ok, fix in checks:
        value = _number(cfg, key)
        if isinstance(value, bool) or not ok(value):
            problems.append(f"{key}={value!r} is invalid: {fix}.")
    return problems


def _model_source_problems(cfg: DictConfig) -> list[str]:
    model = cfg.model
    if not model.get("embedded") and not model.get("name_or_path"):
        return ["model.name_or_path is empty: give a Hub id (org/name) or a local folder, or pick a model=... option."]
    name = model.get("name_or_path")
    if name and not model.get("embedded") and looks_like_local_path(name):
        path = Path(name).expanduser()
        if not (path / "config.json").is_file():
            what = "does not exist" if not path.exists() else "has no config.json"
            return [
                f"model.name_or_path={name!r}: the folder {what}. Give a checkpoint folder or a Hub id (org/name)."
            ]
    return []


def _data_source_problems(cfg: DictConfig) -> list[str]:
    data = cfg.data
    if data.get("path"):
        if not Path(data.path).expanduser().is_file():
            return [f"data.path={data.path!r} does not exist: give a JSON, JSONL, CSV or Parquet file."]
        return []
    if not data.get("embedded") and not data.get("hub_id"):
        return ["data has no source: set data.path=<file> or data.hub_id=<org/name>, or pick a data=... option."]
    return []


def _cleaning_problems(cfg: DictConfig) -> list[str]:
    from lorasweep.data.cleaning import CleaningRules

    try:
        CleaningRules.from_mapping(OmegaConf.to_container(cfg.data.cleaning, resolve=True))
    except ConfigError as err:
        return err.problems
    return []


def _evaluation_problems(cfg: DictConfig) -> list[str]:
    from lorasweep.evaluation import problems

    return problems(cfg) if "eval" in cfg else []


def static_problems(cfg: DictConfig, hw: Hardware) -> list[str]:
    """Everything checkable from the config and the hardware alone, without touching any model file."""
    problems = _range_problems(cfg)
    for problem in (
        precision_problem(cfg.trainer.precision, hw),
        quantization_problem(cfg.quantization.method, hw),
    ):
        if problem:
            problems.append(problem)
    problems += _model_source_problems(cfg)
    problems += _data_source_problems(cfg)
    problems += _cleaning_problems(cfg)
    problems += _evaluation_problems(cfg)
    metric = cfg.optimized_metric
    if not (isinstance(metric, str) or OmegaConf.is_list(metric)) or not metric:
        problems.append(f"optimized_metric={metric!r}: name a metric such as eval_loss, or a list of them.")
    return problems


def linear_module_names(model_path: str, revision: str | None = None, trust_remote_code: bool = False) -> set[str]:
    """Names of the model's linear layers (last path component), from its config alone: no weights are read."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    config = AutoConfig.from_pretrained(model_path, revision=revision, trust_remote_code=trust_remote_code)
    with torch.device("meta"):  # builds the module tree with no memory and no weights
        skeleton = AutoModelForCausalLM.from_config(config, trust_remote_code=trust_remote_code)
    return {
        name.rsplit(".", 1)[-1]
        for name, module in skeleton.named_modules()
        if isinstance(module, torch.nn.Linear) and not name.endswith("lm_head")
    }


def target_module_problems(requested: Any, available: set[str]) -> list[str]:
    if requested == "all-linear":
        return []
    wanted = [requested] if isinstance(requested, str) else list(requested)
    missing = [m for m in wanted if m not in available]
    if not wanted:
        return ["lora.target_modules is empty: name the layers to adapt, or use all-linear."]
    if missing:
        return [
            f"lora.target_modules has {missing}, which this model does not have. "
            f"Its linear layers are {sorted(available)}; or use lora.target_modules=all-linear."
        ]
    return []


def architecture_problems(cfg: DictConfig, model_path: str) -> list[str]:
    """LoRA target modules the model at `model_path` does not have (read from its config, no weights)."""
    available = linear_module_names(model_path, cfg.model.get("revision"), cfg.model.get("trust_remote_code", False))
    targets = cfg.lora.target_modules
    return target_module_problems(
        OmegaConf.to_container(targets) if OmegaConf.is_list(targets) else targets, available
    )


def raise_if_any(problems: list[str]) -> None:
    if problems:
        raise ConfigError(problems)


def validate(cfg: DictConfig, hw: Hardware, model_path: str | None) -> None:
    """Raise one ConfigError listing every problem; `model_path` (when known) enables the architecture checks."""
    problems = static_problems(cfg, hw)
    if model_path is not None:
        problems += architecture_problems(cfg, model_path)
    raise_if_any(problems)
