"""Ship a result: turn a finished run (or the best run of a sweep) into a self-describing export folder.

    python -m lorasweep.export outputs/2026-11-22/10-00-00 --out exports/medqa-r16
    python -m lorasweep.export multirun/2026-11-22/10-00-00 --out exports/best --merge dequantized
    HF_TOKEN=... python -m lorasweep.export <run> --out exports/x --push-to-hub my-org/my-adapter

The export folder holds the adapter and tokenizer (with its chat template) at the top level, so
``PeftModel.from_pretrained(<folder or Hub id>)`` works; optionally a merged model in ``merged/``; a model
card ``README.md`` generated from the run's own files; ``export_manifest.json`` (what was exported, from
where, with checksums and merge-fidelity figures); and ``run/`` (the run's config, metrics, environment and
data report).

Everything is written into a temporary sibling folder that is renamed into place at the end, so a failure (a
refused merge, a missing adapter, a crash) leaves nothing behind.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import math
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lorasweep.data.sources import file_digest

log = logging.getLogger(__name__)

DEFAULT_MAX_KL = 1e-3
MANIFEST = "export_manifest.json"
RUN_FILES = (
    "config.yaml",
    "overrides.yaml",
    "metrics.json",
    "env.json",
    "data_report.json",
    "status.json",
    "log_history.jsonl",
    "probes.jsonl",
)
# Hub ids of embedded models that were converted from a published checkpoint (for the card's `base_model`).
EMBEDDED_HUB_IDS = {"smollm2-135m-instruct": "HuggingFaceTB/SmolLM2-135M-Instruct"}
MEDICAL_WORDS = (
    "medic",
    "clinic",
    "doctor",
    "health",
    "patient",
    "pubmed",
    "medqa",
    "meddialog",
    "nurs",
    "diagnos",
    "symptom",
    "pharma",
)
CI_SUFFIXES = ("_ci_low", "_ci_high", "_n")


class ExportError(RuntimeError):
    """The export cannot be made as asked; the message says why and what to do instead."""


# ---- reading a run folder ----------------------------------------------------------------------------------
@dataclass
class RunSource:
    """A finished run folder (or an export of one), read once: what export and serve both need."""

    root: Path  # the run folder, or the export folder
    kind: str  # "run" | "export"
    config: dict[str, Any]  # the resolved job config
    config_text: str
    adapter_dir: Path
    merged_dir: Path | None = None
    env: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    data_report: dict[str, Any] = field(default_factory=dict)
    status: dict[str, Any] = field(default_factory=dict)
    overrides: list[str] = field(default_factory=list)
    probes: list[dict[str, Any]] = field(default_factory=list)
    files_dir: Path | None = None  # where config.yaml, metrics.json ... live

    @property
    def config_digest(self) -> str:
        """A digest of the job config exactly as Hydra saved it (unresolved, so the same on every machine)."""
        return hashlib.sha256(self.config_text.encode()).hexdigest()[:16]

    @property
    def quantization(self) -> str:
        """The quantization the adapter was trained against, as resolved by the run."""
        return str(self.env.get("quantization") or self.config.get("quantization", {}).get("method", "none"))

    @property
    def precision(self) -> str:
        return str(self.env.get("precision") or "fp32")

    def base_spec(self) -> Any:
        """How to load the base model (building an embedded one into the cache when needed)."""
        from lorasweep import modeling
        from lorasweep.merging import BaseSpec

        model_cfg = dict(self.config["model"])
        path = modeling.checkpoint_path(
            model_cfg, self.config.get("paths", {}).get("cache_dir", "~/.cache/lorasweep")
        )
        quantization = self.quantization
        if (
            quantization == "auto"
        ):  # an env.json from before resolution was recorded: resolve as the run would
            from lorasweep import device

            quantization = device.resolve_quantization("auto", device.Hardware.detect())
        return BaseSpec(
            path=path,
            model_cfg=model_cfg,
            quantization=quantization,
            double_quant=bool(self.config.get("quantization", {}).get("double_quant", False)),
            precision=self.precision,
        )

    def base_model_name(self) -> str:
        model = self.config.get("model", {})
        return str(model.get("name_or_path") or f"embedded:{model.get('embedded')}")


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _resolve_config(config_path: Path) -> tuple[dict[str, Any], str]:
    from omegaconf import OmegaConf

    text = config_path.read_text(encoding="utf-8")
    try:
        return OmegaConf.to_container(OmegaConf.create(text), resolve=True), text
    except Exception as err:
        raise ExportError(f"{config_path} cannot be resolved ({err}); is it a lorasweep job config?") from err


def read_source(folder: Path) -> RunSource:
    """Read a run folder (``.hydra/``, ``adapter/``) or an export folder (``export_manifest.json``)."""
    folder = Path(folder).expanduser()
    if (folder / MANIFEST).is_file() and (folder / "run" / "config.yaml").is_file():
        files, kind, adapter = folder / "run", "export", folder
        merged = folder / "merged" if (folder / "merged" / "config.json").is_file() else None
    elif (folder / ".hydra" / "config.yaml").is_file():
        files, kind, adapter, merged = folder / ".hydra", "run", folder / "adapter", None
    else:
        raise ExportError(
            f"{folder} is neither a run folder (it has no .hydra/config.yaml) nor an export folder (no "
            f"{MANIFEST}). "
            "Pass the folder a training run wrote (outputs/<date>/<time>), a sweep folder "
            "(multirun/<date>/<time>) "
            "or a folder written by `python -m lorasweep.export`."
        )
    config, text = _resolve_config(files / "config.yaml")
    data_dir = files if kind == "export" else folder
    overrides = _read_yaml_list(files / "overrides.yaml")
    return RunSource(
        root=folder,
        kind=kind,
        config=config,
        config_text=text,
        adapter_dir=adapter,
        merged_dir=merged,
        env=_read_json(data_dir / "env.json") or {},
        metrics=_read_json(data_dir / "metrics.json") or {},
        data_report=_read_json(data_dir / "data_report.json") or {},
        status=_read_json(data_dir / "status.json") or {},
        overrides=overrides,
        probes=_read_jsonl(data_dir / "probes.jsonl"),
        files_dir=data_dir,
    )


def _read_yaml_list(path: Path) -> list[str]:
    if not path.is_file():
        return []
    from omegaconf import OmegaConf

    try:
        return [str(o) for o in OmegaConf.load(path)]
    except Exception:
        return []


def require_adapter(source: RunSource) -> None:
    """Explain why a folder has nothing to export (failed, pruned, prepare-only, or still running)."""
    if (source.adapter_dir / "adapter_config.json").is_file():
        return
    state, reason = source.status.get("state"), source.status.get("reason")
    if state and state != "COMPLETE":
        why = f"the run ended {state}" + (f" ({reason})" if reason else "")
    elif source.config.get("prepare_only"):
        why = "it was a prepare_only run, which stops before loading a model"
    elif not source.status:
        why = "it has no status.json: the run is still going, or died before writing its outputs"
    else:
        why = "its adapter/ folder is missing or incomplete"
    raise ExportError(
        f"{source.root} has no trained adapter to export ({source.adapter_dir / 'adapter_config.json'} "
        f"is missing): {why}. Export a COMPLETE run, or re-run the job."
    )


# ---- best run of a sweep -----------------------------------------------------------------------------------
def _sweep_direction(job_dir: Path) -> str:
    from omegaconf import OmegaConf

    path = job_dir / ".hydra" / "hydra.yaml"
    if not path.is_file():
        return "minimize"
    try:
        cfg = OmegaConf.load(path)
    except Exception:
        return "minimize"
    value = OmegaConf.select(cfg, "hydra.sweeper.direction", default=None)
    if value is None:
        value = OmegaConf.select(cfg, "hydra.sweeper.directions", default=None)
    if value is not None and not isinstance(value, str):
        value = list(value)[0] if len(value) == 1 else "multi"
    return str(value or "minimize").lower()


def best_job(sweep_dir: Path) -> tuple[Path, dict[str, Any]]:
    """The COMPLETE job of a sweep with the best value of its optimized metric, and how it was chosen."""
    jobs = sorted({p.parent for p in sweep_dir.rglob(".hydra") if p.is_dir() and p.parent != sweep_dir})
    if not jobs:
        raise ExportError(
            f"{sweep_dir} holds no job folders (no subfolder has a .hydra/ folder): not a sweep folder."
        )
    candidates: list[tuple[float, Path]] = []
    metric, direction = None, "minimize"
    for job in jobs:
        status = _read_json(job / "status.json") or {}
        metrics = _read_json(job / "metrics.json")
        if metrics is None or status.get("state", "COMPLETE") != "COMPLETE":
            continue
        from omegaconf import OmegaConf

        name = OmegaConf.select(
            OmegaConf.load(job / ".hydra" / "config.yaml"), "optimized_metric", default="eval_loss"
        )
        if not isinstance(name, str):
            raise ExportError(
                f"{sweep_dir} optimised several metrics ({list(name)}): there is no single best run. Pick a "
                "job "
                "from the Pareto front (the `best` column of sweep_report.csv) and export its folder."
            )
        metric, direction = name, _sweep_direction(job)
        value = metrics.get(name)
        if isinstance(value, (int, float)) and math.isfinite(value):
            candidates.append((float(value), job))
    if not candidates:
        raise ExportError(
            f"{sweep_dir} has {len(jobs)} job folders but none is COMPLETE with a finite optimized metric; "
            "nothing to export. See sweep_report.csv for each job's state and reason."
        )
    if direction == "multi":
        raise ExportError(
            f"{sweep_dir} was a multi-objective sweep: export one job folder of its Pareto front."
        )
    value, job = (max if direction == "maximize" else min)(candidates, key=lambda c: c[0])
    return job, {
        "sweep_dir": str(sweep_dir),
        "metric": metric,
        "direction": direction,
        "value": value,
        "complete_jobs": len(candidates),
        "jobs": len(jobs),
        "job": str(job.relative_to(sweep_dir)),
    }


def locate_run(folder: Path) -> tuple[Path, dict[str, Any] | None]:
    """A run folder as given, or the best job when `folder` is a sweep folder."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise ExportError(f"{folder} does not exist or is not a folder.")
    if (folder / ".hydra" / "config.yaml").is_file() or (folder / MANIFEST).is_file():
        return folder, None
    return best_job(folder)


# ---- model card --------------------------------------------------------------------------------------------
def fmt(value: Any) -> str:
    """How the card writes a figure: ints with separators, floats to 4 significant digits."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if not math.isfinite(value):
        return str(value)
    return f"{value:.4g}"


def is_medical(config: dict[str, Any]) -> bool:
    """Whether the training data is medical: an explicit `domain` key when present, else the data's names."""
    data = config.get("data", {})
    domain = data.get("domain") or config.get("domain")
    if domain:
        return str(domain).lower() in ("medical", "medicine", "health", "clinical")
    names = " ".join(str(data.get(k) or "") for k in ("name", "hub_id", "path", "embedded"))
    names += " " + " ".join(str(t) for t in config.get("tags", []) or [])
    return any(word in names.lower() for word in MEDICAL_WORDS)


def _metric_rows(metrics: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for name, value in metrics.items():
        if name.endswith(CI_SUFFIXES) or not isinstance(value, (int, float)):
            continue
        low, high, n = (metrics.get(name + s) for s in CI_SUFFIXES)
        cell = fmt(value)
        if low is not None and high is not None:
            cell += f" (95% CI {fmt(low)} to {fmt(high)}" + (f", n={fmt(n)})" if n is not None else ")")
        elif n is not None:
            cell += f" (n={fmt(n)})"
        rows.append((name, cell))
    return rows


def _table(header: tuple[str, str], rows: list[tuple[str, str]]) -> str:
    lines = [f"| {header[0]} | {header[1]} |", "|---|---|"]
    lines += [f"| `{k}` | {v} |" for k, v in rows]
    return "\n".join(lines)


def _quote(text: Any, limit: int = 1500) -> str:
    text = str(text if text is not None else "").strip() or "(empty)"
    if len(text) > limit:
        text = text[:limit] + " […]"
    return "\n".join("> " + line for line in text.splitlines())


def _yaml_header(source: RunSource, medical: bool) -> str:
    model, data = source.config.get("model", {}), source.config.get("data", {})
    base = model.get("name_or_path") or EMBEDDED_HUB_IDS.get(str(model.get("embedded")))
    tags = ["lorasweep", "peft", "lora", "text-generation"]
    if source.quantization in ("nf4", "int8"):
        tags.append("qlora")
    if medical:
        tags.append("medical")
    lines = ["---"]
    if base and not str(base).startswith(("/", ".", "~")):
        lines.append(f"base_model: {base}")
    lines += ["library_name: peft", "pipeline_tag: text-generation", "tags:"] + [f"- {t}" for t in tags]
    if data.get("hub_id"):
        lines += ["datasets:", f"- {data['hub_id']}"]
    lines.append("---")
    return "\n".join(lines)


def _data_section(source: RunSource) -> str:
    data, report = source.config.get("data", {}), source.data_report
    where = (
        data.get("hub_id")
        or data.get("path")
        or (f"embedded file `{data.get('embedded')}`" if data.get("embedded") else "unknown")
    )
    parts = ["## Training data", "", f"- Dataset: **{data.get('name', 'unnamed')}** ({where})"]
    if report.get("source"):
        parts.append(f"- Source as read: {report['source']}")
    if not report:
        parts.append("- The run folder has no `data_report.json`: cleaning figures are not available.")
        return "\n".join(parts)
    for key, label in (
        ("rows_in", "Rows read"),
        ("rows_out", "Rows kept after cleaning and sampling"),
        ("train_rows", "Training rows"),
        ("eval_rows", "Held-out evaluation rows"),
        ("truncated", "Rows truncated to the token budget"),
    ):
        if key in report:
            parts.append(f"- {label}: {fmt(report[key])}")
    if report.get("fingerprint"):
        parts.append(f"- Prepared-data fingerprint: `{report['fingerprint']}`")
    dropped = {k: v for k, v in (report.get("dropped") or {}).items() if v}
    scrubbed = {k: v for k, v in (report.get("scrubbed") or {}).items() if v}
    if dropped:
        parts += [
            "",
            "Rows dropped, by rule (cleaning, sampling, token budget):",
            "",
            _table(("rule", "rows dropped"), [(k, fmt(v)) for k, v in dropped.items()]),
        ]
    if scrubbed:
        parts += [
            "",
            "Rows edited (text scrubbed), by rule:",
            "",
            _table(("rule", "rows edited"), [(k, fmt(v)) for k, v in scrubbed.items()]),
        ]
    lengths = report.get("token_lengths") or {}
    if lengths.get("count"):
        parts += [
            "",
            f"Token lengths after chat formatting: min {fmt(lengths.get('min'))}, median "
            f"{fmt(lengths.get('p50'))}, p90 {fmt(lengths.get('p90'))}, max {fmt(lengths.get('max'))} "
            f"(budget {fmt(lengths.get('limit'))} tokens, {fmt(lengths.get('over_limit', 0))} over it).",
        ]
    return "\n".join(parts)


def _training_section(source: RunSource) -> str:
    cfg, env = source.config, source.env
    lora, trainer = cfg.get("lora", {}), cfg.get("trainer", {})
    targets = lora.get("target_modules")
    lora_rows = [
        ("r", fmt(lora.get("r"))),
        ("alpha", fmt(lora.get("alpha"))),
        ("dropout", fmt(lora.get("dropout"))),
        ("target_modules", ", ".join(targets) if isinstance(targets, list) else str(targets)),
        ("bias", str(lora.get("bias"))),
    ]
    steps = trainer.get("max_steps")
    train_rows = [
        ("learning_rate", fmt(trainer.get("learning_rate"))),
        ("lr_scheduler_type", str(trainer.get("lr_scheduler_type"))),
        ("warmup_ratio", fmt(trainer.get("warmup_ratio"))),
        (
            "max_steps" if steps and steps > 0 else "num_train_epochs",
            fmt(steps if steps and steps > 0 else trainer.get("num_train_epochs")),
        ),
        ("per_device_train_batch_size", fmt(trainer.get("per_device_train_batch_size"))),
        ("gradient_accumulation_steps", fmt(trainer.get("gradient_accumulation_steps"))),
        ("max_seq_length", fmt(trainer.get("max_seq_length"))),
        ("quantization (resolved)", source.quantization),
        ("precision (resolved)", source.precision),
        ("optimizer (resolved)", str(env.get("optim", trainer.get("optim")))),
        ("seed", fmt(cfg.get("seed"))),
    ]
    packages = env.get("packages") or {}
    versions = ", ".join(
        f"{k} {v}"
        for k, v in packages.items()
        if v and k in ("torch", "transformers", "peft", "trl", "bitsandbytes", "lorasweep")
    )
    git = env.get("git") or {}
    parts = [
        "## Training procedure",
        "",
        "LoRA adapter:",
        "",
        _table(("setting", "value"), lora_rows),
        "",
        "Training:",
        "",
        _table(("setting", "value"), train_rows),
        "",
    ]
    if env:
        parts.append(
            f"Trained on {env.get('device_name', env.get('device', '?'))} with "
            f"{versions or 'unknown versions'}"
            + (
                f"; lorasweep commit `{git['commit'][:12]}`"
                + (" (uncommitted changes)" if git.get("dirty") else "")
                if git.get("commit")
                else ""
            )
            + "."
        )
    if source.overrides:
        parts += [
            "",
            "Reproduce with:",
            "",
            "```bash",
            "python train.py " + " ".join(source.overrides),
            "```",
        ]
    return "\n".join(parts)


def _results_section(source: RunSource, has_curve: bool) -> str:
    parts = ["## Results", ""]
    rows = _metric_rows(source.metrics)
    if rows:
        parts += [
            "Figures from the run's `metrics.json` (losses are on answer tokens of the held-out split; "
            "`eval_loss_before` is the base model before fine-tuning).",
            "",
            _table(("metric", "value"), rows),
        ]
    else:
        parts.append("The run folder has no `metrics.json`.")
    if has_curve:
        parts += ["", "![Training and evaluation loss](loss_curve.png)"]
    return "\n".join(parts)


def _fidelity_section(merge: dict[str, Any]) -> str:
    fidelity = merge.get("fidelity") or {}
    if not fidelity:
        return ""
    rows = [
        f"| {k} | {fmt(v['max_abs_logit_diff'])} | {fmt(v['mean_kl'])} | {fmt(v['max_kl'])} |"
        for k, v in fidelity.items()
    ]
    first = next(iter(fidelity.values()))
    return "\n".join(
        [
            "## Merge fidelity",
            "",
            f"`merged/` holds the adapter merged into the **{merge['kind']}** base weights. Each merge was "
            "compared with "
            f"the adapter on the base model as trained ({merge['reference']}) on {first['prompts']} held-out "
            "prompts "
            f"({first['tokens']} token positions, {merge['prompts_source']}); the refusal bound was mean KL "
            "<= "
            f"{fmt(merge['max_kl'])}.",
            "",
            "| merge onto | max abs logit difference | mean KL | max KL |",
            "|---|---|---|---|",
            *rows,
        ]
    )


def _probes_section(probes: list[dict[str, Any]]) -> str:
    if not probes:
        return ""
    parts = [
        "## Base model against fine-tuned model",
        "",
        "Answers to fixed probe questions, generated with the run's generation settings.",
        "",
    ]
    for probe in probes:
        parts += [
            f"### {probe.get('id', 'probe')}",
            "",
            f"**Question:** {probe.get('question', '')}",
            "",
            "**Base model:**",
            "",
            _quote(probe.get("base")),
            "",
            "**Fine-tuned:**",
            "",
            _quote(probe.get("tuned")),
            "",
        ]
    return "\n".join(parts)


def advice_statement(medical: bool) -> str:
    """The not-advice statement: generic for any domain, plus the medical line when the data is medical."""
    text = (
        "## Not professional advice\n\nThis model generates text that can be wrong, incomplete, outdated or "
        "confidently stated without basis. Its output is not professional advice of any kind (medical, "
        "legal, "
        "financial or other) and must not be relied on for decisions that affect people."
    )
    if medical:
        text += (
            "\n\n**This is not medical advice.** The model was fine-tuned on medical question-answer data, "
            "but it "
            "is not a clinician, has not been clinically validated, and must not be used to diagnose, treat "
            "or "
            "triage anyone. Anyone with a health concern should consult a qualified healthcare professional; "
            "in "
            "an emergency, contact local emergency services."
        )
    return text


def model_card(
    source: RunSource, merge: dict[str, Any] | None, has_curve: bool, selection: dict[str, Any] | None
) -> str:
    """The README.md of an export, generated from the run's own files."""
    medical = is_medical(source.config)
    model, data = source.config.get("model", {}), source.config.get("data", {})
    base = source.base_model_name()
    title = f"{data.get('name', 'fine-tuned')} LoRA adapter for {base.split('/')[-1]}"
    load_base = model.get("name_or_path") or "<base model folder>"
    quantized = source.quantization != "none"
    how_trained = (
        f"QLoRA on {source.quantization} base weights" if quantized else "LoRA on full-precision weights"
    )
    intro = [
        f"# {title}",
        "",
        f"A LoRA adapter for **{base}**, fine-tuned with lorasweep ({how_trained}).",
        "",
    ]
    if model.get("embedded"):
        intro.append(
            f"The base model is lorasweep's embedded model `{model['embedded']}`"
            + (
                f" (converted from a quantized GGUF release of {EMBEDDED_HUB_IDS[model['embedded']]}, so its "
                "weights differ slightly from the Hub checkpoint)"
                if model["embedded"] in EMBEDDED_HUB_IDS
                else " (a randomly initialised test model; its outputs are meaningless)"
            )
            + "."
        )
        intro.append("")
    if selection:
        intro += [
            f"Selected as the best of {selection['complete_jobs']} complete jobs of the sweep "
            f"`{Path(selection['sweep_dir']).name}` by {selection['metric']} ({selection['direction']}): "
            f"{fmt(selection['value'])} (job `{selection['job']}`).",
            "",
        ]
    intro += [
        "## Use",
        "",
        "```python",
        "from peft import AutoPeftModelForCausalLM",
        "from transformers import AutoTokenizer",
        "",
        'model = AutoPeftModelForCausalLM.from_pretrained("<this folder or repo>")',
        'tokenizer = AutoTokenizer.from_pretrained("<this folder or repo>")  # includes the chat template',
        "```",
        "",
    ]
    if model.get("embedded"):
        intro += [
            f"The adapter's `base_model_name_or_path` points at a local folder: build it with "
            f"`lorasweep.embedded.materialize('{model['embedded']}', cache_dir)` or load the base yourself "
            f"and use `PeftModel.from_pretrained(base, '<this folder>')`.",
            "",
        ]
    elif load_base:
        intro += [
            f"Base model: `{load_base}`"
            + (f" at revision `{model['revision']}`" if model.get("revision") else "")
            + ".",
            "",
        ]
    if merge and merge.get("written"):
        intro += [
            "`merged/` holds a standalone model with the adapter merged in "
            "(`AutoModelForCausalLM.from_pretrained('<this folder>/merged')`); see *Merge fidelity*.",
            "",
        ]
    intro += [
        "Serve it over an OpenAI-compatible HTTP API with `python -m lorasweep.serve <this folder>`.",
        "",
    ]
    sections = [
        _yaml_header(source, medical),
        "\n".join(intro),
        _data_section(source),
        _training_section(source),
        _results_section(source, has_curve),
        _fidelity_section(merge or {}),
        _probes_section(source.probes),
        "## Intended use\n\nResearch on instruction fine-tuning: comparing fine-tuning settings, studying "
        "how a small "
        "adapter changes a base model's answers in the training domain, and demos. It is not intended for "
        "any "
        "deployment where people act on its answers.",
        "## Limitations\n\n- It inherits the base model's knowledge cut-off, biases and licence terms.\n"
        "- The training data was cleaned automatically (figures above); errors, outdated statements and "
        "biases in "
        "the source remain.\n- Evaluation figures come from a held-out split of the same source"
        f"{' and the probe questions above' if source.probes else ''}; they do not measure factual "
        "accuracy or safety in real use.\n- Small adapters trained for few steps change style more than "
        "knowledge.",
        advice_statement(medical),
        f"## Provenance\n\nRun config digest `{source.config_digest}`; every exported file is listed with "
        "its SHA-256 "
        f"in `{MANIFEST}`; the run's config, metrics, environment and data report are in `run/`.",
    ]
    return "\n\n".join(s for s in sections if s).rstrip() + "\n"


# ---- writing the export ------------------------------------------------------------------------------------
def _copy_adapter(source: RunSource, out: Path) -> None:
    for item in sorted(source.adapter_dir.iterdir()):
        # peft's placeholder card is replaced by ours; the rest only exists when re-exporting an export
        if item.is_file() and item.name not in ("README.md", MANIFEST, "loss_curve.png"):
            shutil.copy2(item, out / item.name)
    config_path = out / "adapter_config.json"
    adapter_cfg = json.loads(config_path.read_text())
    name = source.config.get("model", {}).get("name_or_path")
    if name and not str(name).startswith(("/", ".", "~")):
        # The run recorded the local cache path it loaded; a Hub id makes the export loadable anywhere.
        adapter_cfg["base_model_name_or_path"] = name
        adapter_cfg["revision"] = source.config["model"].get("revision")
    config_path.write_text(json.dumps(adapter_cfg, indent=2) + "\n")


def _copy_run_files(source: RunSource, out: Path) -> None:
    run_out = out / "run"
    run_out.mkdir()
    hydra_dir = source.root / ".hydra" if source.kind == "run" else source.files_dir
    for name in RUN_FILES:
        for where in (hydra_dir, source.files_dir):
            if where is not None and (where / name).is_file():
                shutil.copy2(where / name, run_out / name)
                break


def _merge(
    source: RunSource, kind: str, max_kl: float, prompts: int, tokens: int, out: Path
) -> dict[str, Any]:
    """Measure the merges, refuse a divergent one (raising ExportError), else save the merged model."""
    from transformers import AutoTokenizer

    from lorasweep import merging

    spec = source.base_spec()
    tokenizer = AutoTokenizer.from_pretrained(str(source.adapter_dir))
    texts, prompts_source = merging.heldout_texts(
        source.config, source.data_report, tokenizer, prompts, source.probes
    )
    quantized = spec.quantization != "none"
    # For a quantized run both merges are measured, so the card shows what the dequantized merge preserves.
    kinds = ["dequantized", "full"] if quantized else ["full"]
    chosen = kind if quantized else "full"
    results, model = merging.measure_merges(
        kinds, spec, source.adapter_dir, tokenizer, texts, tokens, keep=chosen
    )
    problem = merging.divergence_problem(results[chosen], max_kl, spec.quantization)
    if problem:
        raise ExportError("refused to merge: " + problem + " Nothing was written.")
    merged_dir = out / "merged"
    model.save_pretrained(merged_dir, safe_serialization=True)
    tokenizer.save_pretrained(merged_dir)
    return {
        "requested": kind,
        "kind": chosen,
        "written": "merged/",
        "max_kl": max_kl,
        "reference": f"adapter on the {spec.quantization} base"
        if quantized
        else "adapter on the full-precision base",
        "prompts_source": prompts_source,
        "fidelity": {k: v.as_dict() for k, v in results.items()},
        "note": None
        if quantized
        else "the run trained on full-precision weights, so the dequantized merge and "
        "the full-precision merge are the same",
    }


def _manifest(
    source: RunSource, out: Path, selection: dict[str, Any] | None, merge: dict[str, Any] | None
) -> dict:
    from lorasweep import __version__

    files = {
        str(p.relative_to(out)): {"bytes": p.stat().st_size, "sha256": file_digest(p)}
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }
    return {
        "format": 1,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "lorasweep_version": __version__,
        "source": {
            "run_dir": str(source.root.resolve()),
            "state": source.status.get("state"),
            "selected_from_sweep": selection,
        },
        "base_model": {
            "name_or_path": source.config.get("model", {}).get("name_or_path"),
            "embedded": source.config.get("model", {}).get("embedded"),
            "revision": source.config.get("model", {}).get("revision"),
        },
        "quantization": source.quantization,
        "precision": source.precision,
        "config_digest": source.config_digest,
        "git": source.env.get("git"),
        "metrics": source.metrics,
        "merge": merge or {"requested": "none", "written": None},
        "medical_data": is_medical(source.config),
        "files": files,
    }


@dataclass
class ExportResult:
    out: Path
    manifest: dict[str, Any]
    hub_url: str | None = None


def export(
    folder: Path,
    out: Path,
    merge: str = "none",
    max_kl: float = DEFAULT_MAX_KL,
    fidelity_prompts: int = 8,
    fidelity_tokens: int = 128,
    overwrite: bool = False,
) -> ExportResult:
    """Export a run (or a sweep's best run) into `out` atomically; raises ExportError, writing nothing."""
    from lorasweep.merging import MERGE_KINDS

    if merge not in MERGE_KINDS:
        raise ExportError(f"--merge {merge!r} is not one of {list(MERGE_KINDS)}.")
    if not (max_kl > 0 and math.isfinite(max_kl)):
        raise ExportError(f"--max-kl {max_kl} must be a positive number, e.g. 1e-3.")
    out = Path(out).expanduser().resolve()
    if out.exists() and not overwrite and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(
            f"{out} already exists and is not empty: choose another --out, or pass --overwrite."
        )
    run_dir, selection = locate_run(folder)
    source = read_source(run_dir)
    require_adapter(source)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        _copy_adapter(source, tmp)
        _copy_run_files(source, tmp)
        curve = (source.files_dir or source.root) / "loss_curve.png"
        if curve.is_file():
            shutil.copy2(curve, tmp / "loss_curve.png")
        merge_info = (
            _merge(source, merge, max_kl, fidelity_prompts, fidelity_tokens, tmp) if merge != "none" else None
        )
        (tmp / "README.md").write_text(
            model_card(source, merge_info, curve.is_file(), selection), encoding="utf-8"
        )
        manifest = _manifest(source, tmp, selection, merge_info)
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
        tmp.chmod(0o755)  # mkdtemp makes it private
        _swap_into_place(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info("exported %s to %s", source.root, out)
    return ExportResult(out=out, manifest=manifest)


def _swap_into_place(tmp: Path, out: Path) -> None:
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(out)


# ---- the Hub -----------------------------------------------------------------------------------------------
def _hub_api(token: str) -> Any:
    from huggingface_hub import HfApi

    return HfApi(token=token)


def hub_token() -> str:
    """HF_TOKEN from the environment (the only place a token is read from)."""
    token = os.environ.get("HF_TOKEN", "").strip()
    if not token:
        raise ExportError(
            "--push-to-hub needs a Hugging Face token in the HF_TOKEN environment variable "
            "(a write token from https://huggingface.co/settings/tokens); it is never read from files "
            "or the command line."
        )
    return token


def push_to_hub(out: Path, repo_id: str, token: str, private: bool) -> str:
    """Upload the export folder to a (created if needed) model repo; errors never carry the token."""
    try:
        api = _hub_api(token)
        api.create_repo(repo_id, repo_type="model", private=private, exist_ok=True)
        api.upload_folder(
            repo_id=repo_id, folder_path=str(out), repo_type="model", commit_message="Upload lorasweep export"
        )
    except Exception as err:
        message = str(err).replace(token, "***")
        raise ExportError(
            f"pushing {out} to the Hub repo {repo_id} failed: {message}. The local export is "
            "complete; retry the push, or upload the folder yourself."
        ) from None
    return f"https://huggingface.co/{repo_id}"


# ---- command line ------------------------------------------------------------------------------------------
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m lorasweep.export",
        description="Export a finished run, or the best run of a sweep, as an adapter (optionally merged) "
        "with a "
        "generated model card. Writes atomically: on any error nothing is left at --out.",
    )
    parser.add_argument(
        "folder",
        type=Path,
        help="a run folder (outputs/<date>/<time>), a sweep folder "
        "(multirun/<date>/<time>: its best COMPLETE job by the optimized metric) or an export folder",
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="the export folder to create (must not exist or be empty)"
    )
    parser.add_argument(
        "--merge",
        choices=("none", "dequantized", "full"),
        default="none",
        help="also write merged/: 'dequantized' merges onto the dequantized quantized weights the adapter "
        "was trained against (faithful for QLoRA), 'full' onto the original full-precision weights; "
        "default none (adapter only)",
    )
    parser.add_argument(
        "--max-kl",
        type=float,
        default=DEFAULT_MAX_KL,
        help=f"refuse a merge whose mean per-token KL from the adapter-on-base model exceeds this "
        f"(default {DEFAULT_MAX_KL:g})",
    )
    parser.add_argument(
        "--fidelity-prompts", type=int, default=8, help="held-out prompts for the merge check (default 8)"
    )
    parser.add_argument(
        "--fidelity-tokens", type=int, default=128, help="tokens per prompt compared (default 128)"
    )
    parser.add_argument("--overwrite", action="store_true", help="replace an existing --out folder")
    parser.add_argument(
        "--push-to-hub",
        metavar="ORG/NAME",
        default=None,
        help="after exporting, upload to this Hub model repo; the token is read from the HF_TOKEN "
        "environment variable only, and never printed or written",
    )
    parser.add_argument("--public", action="store_true", help="create the Hub repo public (default private)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        token = hub_token() if args.push_to_hub else None  # fail before any work, not after
        result = export(
            args.folder,
            args.out,
            args.merge,
            args.max_kl,
            args.fidelity_prompts,
            args.fidelity_tokens,
            args.overwrite,
        )
        print(f"exported to {result.out}")
        merge = result.manifest["merge"]
        for kind, fig in (merge.get("fidelity") or {}).items():
            print(
                f"  merge onto {kind}: max |logit diff| {fmt(fig['max_abs_logit_diff'])}, mean KL "
                f"{fmt(fig['mean_kl'])}"
            )
        if args.push_to_hub and token:
            url = push_to_hub(result.out, args.push_to_hub, token, private=not args.public)
            print(f"pushed to {url}")
    except ExportError as err:
        print(f"export failed: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
