"""Sweep report: one row per job of a sweep folder, plots, and the Optuna study's own views.

    python -m lorasweep.report multirun/2026-11-22/10-00-00

writes ``sweep_report.csv``, ``sweep_report.md`` and ``plots/*.png`` into the sweep folder. It works for grid
sweeps (the basic sweeper), Optuna studies (``hydra/sweeper=lorasweep_optuna``) and folders with both. A job
folder is any folder holding ``.hydra/``; its state comes from ``status.json`` (written by the run), else
COMPLETE when ``metrics.json`` exists, else CRASHED (the process died before writing either).

``SweepReportCallback`` runs it at the end of every multirun (``hydra.callbacks``).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from omegaconf import DictConfig, OmegaConf

log = logging.getLogger(__name__)

_DIVERGED_AT_LEAST = 1e29
STATES = ("COMPLETE", "PRUNED", "FAILED", "CRASHED")
_ENV_PREFIX = "LORASWEEP_OPTUNA_"
_FIXED_COLUMNS = ["job", "trial", "state", "best", "objective", "runtime_s", "peak_memory_mb", "reason",
                  "overrides"]


@dataclass
class ReportFiles:
    """What ``write_report`` wrote."""

    csv: Path
    markdown: Path
    plots: list[Path]
    table: pd.DataFrame


# ---- reading job folders ---------------------------------------------------------------------------------
def find_job_dirs(sweep_dir: Path) -> list[Path]:
    """Every folder under ``sweep_dir`` that holds a ``.hydra`` folder (a Hydra job), sorted."""
    return sorted({p.parent for p in sweep_dir.rglob(".hydra") if p.is_dir() and p.parent != sweep_dir})


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _load_yaml(path: Path) -> Any:
    try:
        return OmegaConf.load(path)
    except Exception:  # a half-written file from a killed job must not stop the report
        return None


def read_job(job_dir: Path, sweep_dir: Path) -> dict[str, Any]:
    """One report row for a job folder (plus private ``_`` keys the report uses to link trials)."""
    hydra_dir = job_dir / ".hydra"
    overrides = _load_yaml(hydra_dir / "overrides.yaml")
    overrides = [str(o) for o in overrides] if overrides is not None else []
    hydra_cfg = _load_yaml(hydra_dir / "hydra.yaml")
    env = {}
    if hydra_cfg is not None:
        env_set = OmegaConf.select(hydra_cfg, "hydra.job.env_set", default=None)
        if env_set is not None:
            env = {k: str(v) for k, v in env_set.items() if str(k).startswith(_ENV_PREFIX)}
    task_cfg = _load_yaml(hydra_dir / "config.yaml")
    metric = OmegaConf.select(task_cfg, "optimized_metric", default=None) if task_cfg is not None else None
    metrics = _read_json(job_dir / "metrics.json")
    status = _read_json(job_dir / "status.json")
    if status and status.get("state") in STATES:
        state, reason = status["state"], status.get("reason")
    elif metrics is not None:
        state, reason = "COMPLETE", None
    else:
        state, reason = "CRASHED", "no status.json and no metrics.json: the job died before finishing"
    row: dict[str, Any] = {
        "job": str(job_dir.relative_to(sweep_dir)),
        "trial": int(env[f"{_ENV_PREFIX}TRIAL_NUMBER"]) if f"{_ENV_PREFIX}TRIAL_NUMBER" in env else None,
        "state": state,
        "reason": reason,
        "overrides": " ".join(overrides),
        "_overrides": dict(_split_override(o) for o in overrides),
        "_metrics": metrics or {},
        "_metric": OmegaConf.to_container(metric) if OmegaConf.is_config(metric) else metric,
        "_direction": _direction(hydra_cfg),
        "_study": env.get(f"{_ENV_PREFIX}STUDY"),
        "_storage": env.get(f"{_ENV_PREFIX}STORAGE"),
    }
    return row


def _split_override(text: str) -> tuple[str, str]:
    key, _, value = text.partition("=")
    return key.lstrip("+~"), value


def _direction(hydra_cfg: Any) -> list[str]:
    """The sweeper's direction(s) when it is ours or the official Optuna one; minimize otherwise."""
    if hydra_cfg is None:
        return ["minimize"]
    value = OmegaConf.select(hydra_cfg, "hydra.sweeper.directions", default=None) or OmegaConf.select(
        hydra_cfg, "hydra.sweeper.direction", default=None)
    if value is None:
        return ["minimize"]
    value = OmegaConf.to_container(value) if OmegaConf.is_config(value) else value
    return [str(v).lower() for v in (value if isinstance(value, list) else [value])]


# ---- the table ---------------------------------------------------------------------------------------------
def build_table(sweep_dir: str | Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The report table and context (metric names, directions, swept parameters, studies found)."""
    sweep_dir = Path(sweep_dir)
    rows = [read_job(d, sweep_dir) for d in find_job_dirs(sweep_dir)]
    studies = _load_studies(rows, sweep_dir)
    _merge_trials(rows, studies)
    metric_names = _metric_names(rows)
    directions = next((r["_direction"] for r in rows if r["_direction"]), ["minimize"])
    if len(directions) != len(metric_names):
        directions = (directions * len(metric_names))[: len(metric_names)]
    swept = _swept_keys(rows)
    records = []
    for row in rows:
        metrics = row["_metrics"]
        record = {k: row[k] for k in ("job", "trial", "state", "reason", "overrides")}
        record["objective"] = _objective(row, metric_names)
        record["runtime_s"] = metrics.get("train_runtime_s", metrics.get("runtime_s"))
        record["peak_memory_mb"] = metrics.get("peak_memory_mb")
        for key in swept:
            record[key] = _parse_scalar(row["_overrides"].get(key))
        for key, value in metrics.items():
            if key not in record and isinstance(value, (int, float, str, bool)) or value is None:
                record.setdefault(key, value)
        records.append(record)
    table = pd.DataFrame(records)
    if table.empty:
        table = pd.DataFrame(columns=_FIXED_COLUMNS)
    table["best"] = _mark_best(table, metric_names, directions)
    ordered = [c for c in _FIXED_COLUMNS if c in table.columns]
    table = table[ordered + [c for c in table.columns if c not in ordered]]
    if "trial" in table and table["trial"].notna().any():
        table = table.sort_values(["trial", "job"], na_position="last", kind="stable")
    context = {"metrics": metric_names, "directions": directions, "swept": swept, "studies": studies}
    return table.reset_index(drop=True), context


def _metric_names(rows: list[dict[str, Any]]) -> list[str]:
    for row in rows:
        metric = row["_metric"]
        if metric:
            return [str(m) for m in metric] if isinstance(metric, list) else [str(metric)]
    return ["eval_loss"]


def _objective(row: dict[str, Any], metric_names: list[str]) -> Any:
    """The first optimized metric (for pruned trials: the last value reported before pruning)."""
    value = row["_metrics"].get(metric_names[0])
    if value is None:
        value = row.get("_last_value")
    return value


def _swept_keys(rows: list[dict[str, Any]]) -> list[str]:
    """Override keys whose value differs between jobs (hydra.* keys never appear in task overrides)."""
    keys: dict[str, set[str]] = {}
    for row in rows:
        for key, value in row["_overrides"].items():
            keys.setdefault(key, set()).add(value)
    return [k for k, values in keys.items() if len(values) > 1 or len(rows) == 1]


def _parse_scalar(text: str | None) -> Any:
    """``'16'`` -> 16, ``'1e-4'`` -> 0.0001; other text unchanged."""
    if text is None:
        return None
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            continue
    return text


def _mark_best(table: pd.DataFrame, metric_names: list[str], directions: list[str]) -> list[str]:
    """'*' on the best complete row (single objective) or on the Pareto front (several objectives)."""
    if table.empty:
        return []
    marks = [""] * len(table)
    complete = [i for i, state in enumerate(table["state"]) if state == "COMPLETE"]
    points = {}
    for i in complete:
        values = []
        for name, direction in zip(metric_names, directions, strict=True):
            value = table.iloc[i].get(name) if name in table.columns else None
            if value is None or not isinstance(value, (int, float)) or not math.isfinite(value):
                break
            values.append(value if direction == "minimize" else -value)
        else:
            points[i] = values
    for i, values in points.items():
        dominated = any(
            all(o <= v for o, v in zip(other, values, strict=True)) and other != values
            for j, other in points.items() if j != i
        )
        if not dominated:
            marks[i] = "*"
    if len(metric_names) == 1 and marks.count("*") > 1:  # ties: keep the first
        first = marks.index("*")
        marks = ["*" if i == first else "" for i in range(len(marks))]
    return marks


# ---- Optuna ----------------------------------------------------------------------------------------------
def _load_studies(rows: list[dict[str, Any]], sweep_dir: Path) -> list[Any]:
    """The Optuna studies the jobs belong to (storage URLs from the jobs, else optuna.db in the folder)."""
    urls = {r["_storage"] for r in rows if r["_storage"]}
    if (sweep_dir / "optuna.db").is_file():
        urls.add(f"sqlite:///{(sweep_dir / 'optuna.db').resolve()}")
    if not urls:
        return []
    import warnings

    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    names = {r["_study"] for r in rows if r["_study"]}
    studies = []
    for url in sorted(urls):
        try:
            summaries = optuna.study.get_all_study_summaries(storage=url)
            for summary in summaries:
                if names and summary.study_name not in names:
                    continue
                studies.append(optuna.load_study(study_name=summary.study_name, storage=url))
        except Exception as exc:  # an unreachable storage leaves the file-based report intact
            log.warning("Cannot read Optuna storage %s: %s", url.split("@")[-1], exc)
    return studies


def _merge_trials(rows: list[dict[str, Any]], studies: list[Any]) -> None:
    """Add each trial's Optuna view: last reported value for pruned ones, fail reasons."""
    by_key = {}
    for study in studies:
        for trial in study.get_trials(deepcopy=False):
            by_key[(study.study_name, trial.number)] = trial
    for row in rows:
        trial = by_key.get((row["_study"], row["trial"]))
        if trial is None:
            continue
        if trial.intermediate_values:
            last = trial.intermediate_values[max(trial.intermediate_values)]
            # sweep_trial reports 1e30 for a diverged (NaN/inf) loss; show it as inf, keep it off the plots.
            row["_last_value"] = float("inf") if last >= _DIVERGED_AT_LEAST else last
        if trial.state.name == "PRUNED" and row["state"] == "CRASHED":
            row["state"], row["reason"] = "PRUNED", trial.user_attrs.get("reason")
        if trial.state.name == "FAIL" and row["state"] in ("COMPLETE", "CRASHED"):
            # e.g. an objective that was not finite: Optuna's verdict is the one that counted.
            reason = trial.user_attrs.get("fail_reason")
            if trial.user_attrs.get("lorasweep_interrupted"):
                row["state"], row["reason"] = "CRASHED", reason
            elif row["state"] == "COMPLETE" or reason:
                row["state"], row["reason"] = "FAILED", reason or row["reason"]


# ---- plots ------------------------------------------------------------------------------------------------
def write_plots(table: pd.DataFrame, context: dict[str, Any], out_dir: Path) -> tuple[list[Path], list[str]]:
    """PNG plots; returns the files and notes on plots that could not be drawn (and why)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    files, notes = [], []
    metric = context["metrics"][0]
    for key in context["swept"]:
        finite = pd.to_numeric(table["objective"], errors="coerce").map(
            lambda v: isinstance(v, float) and math.isfinite(v))
        rows = table[table["state"].isin(["COMPLETE", "PRUNED"]) & finite]
        if rows.empty or key not in rows:
            notes.append(f"{metric} vs {key}: no finished job to plot")
            continue
        fig, ax = plt.subplots(figsize=(5, 3.5))
        for state, marker in (("COMPLETE", "o"), ("PRUNED", "x")):
            part = rows[rows["state"] == state]
            if part.empty:
                continue
            xs = part[key].astype(str) if not _numeric(rows[key]) else part[key].astype(float)
            ax.scatter(xs, part["objective"].astype(float), marker=marker, label=state.lower())
        if _numeric(rows[key]) and _log_scale(rows[key].astype(float)):
            ax.set_xscale("log")
        ax.set_xlabel(key)
        ax.set_ylabel(metric + (" (pruned: last reported)" if (rows["state"] == "PRUNED").any() else ""))
        ax.legend()
        fig.tight_layout()
        path = out_dir / f"{_safe(metric)}_vs_{_safe(key)}.png"
        fig.savefig(path, dpi=90)
        plt.close(fig)
        files.append(path)
    for study in context["studies"]:
        f, n = _study_plots(study, out_dir, context["metrics"])
        files.extend(f)
        notes.extend(n)
    return files, notes


def _study_plots(study: Any, out_dir: Path, metrics: list[str]) -> tuple[list[Path], list[str]]:
    """Optuna's optimisation history and parameter importances (these need >= 2 complete trials)."""
    import matplotlib.pyplot as plt
    import optuna
    from optuna.visualization import matplotlib as ovm

    files, notes = [], []
    complete = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))
    multi = len(study.directions) > 1
    target = (lambda t: t.values[0]) if multi else None
    plots = {"history": lambda: ovm.plot_optimization_history(study, target=target, target_name=metrics[0])}
    if len(complete) >= 2 and len({tuple(sorted(t.params.items())) for t in complete}) >= 2:
        plots["importances"] = lambda: ovm.plot_param_importances(
            study, target=target, target_name=metrics[0])
    else:
        notes.append(f"study {study.study_name}: parameter importances need at least 2 complete trials "
                     f"with different parameters ({len(complete)} complete)")
    if multi and complete:
        plots["pareto"] = lambda: ovm.plot_pareto_front(study, target_names=metrics)
    for name, make in plots.items():
        try:
            ax = make()
            fig = ax.figure if hasattr(ax, "figure") else ax
            fig.set_size_inches(6, 4)
            fig.tight_layout()
            path = out_dir / f"optuna_{_safe(study.study_name)}_{name}.png"
            fig.savefig(path, dpi=90)
            plt.close(fig)
            files.append(path)
        except Exception as exc:  # Optuna refuses some plots (e.g. zero-variance importances)
            notes.append(f"study {study.study_name}: no {name} plot ({type(exc).__name__}: {exc})")
    return files, notes


def _numeric(series: pd.Series) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in series.dropna())


def _log_scale(values: pd.Series) -> bool:
    positive = values[values > 0]
    return len(positive) == len(values) and len(values) > 1 and positive.max() / positive.min() >= 100


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)


# ---- writing --------------------------------------------------------------------------------------------
def write_report(sweep_dir: str | Path) -> ReportFiles:
    """Write ``sweep_report.csv``, ``sweep_report.md`` and ``plots/*.png`` into ``sweep_dir``."""
    sweep_dir = Path(sweep_dir)
    if not sweep_dir.is_dir():
        raise FileNotFoundError(
            f"{sweep_dir} is not a folder; pass the sweep folder (e.g. multirun/<date>/<time>)")
    table, context = build_table(sweep_dir)
    csv_path, md_path = sweep_dir / "sweep_report.csv", sweep_dir / "sweep_report.md"
    table.to_csv(csv_path, index=False)
    plots, notes = write_plots(table, context, sweep_dir / "plots")
    md_path.write_text(_markdown(table, context, plots, notes, sweep_dir))
    return ReportFiles(csv=csv_path, markdown=md_path, plots=plots, table=table)


def _markdown(table: pd.DataFrame, context: dict[str, Any], plots: list[Path], notes: list[str],
              sweep_dir: Path) -> str:
    metric, directions = context["metrics"], context["directions"]
    counts = {s: int((table["state"] == s).sum()) for s in STATES} if not table.empty else {}
    lines = [f"# Sweep report: {sweep_dir.name}", "",
             f"Optimized: {', '.join(f'{m} ({d})' for m, d in zip(metric, directions, strict=True))}. "
             f"Jobs: {len(table)} ({', '.join(f'{v} {k.lower()}' for k, v in counts.items() if v)}). "
             "Best row marked `*`" + (" (Pareto front)." if len(metric) > 1 else "."), ""]
    for study in context["studies"]:
        lines.append(f"Optuna study `{study.study_name}`: {len(study.trials)} trials in storage.")
    if context["studies"]:
        lines.append("")
    shown = table.drop(columns=[c for c in ("overrides",) if c in table.columns])
    lines.append(_md_table(shown))
    if plots:
        lines += ["", "## Plots", ""] + [f"![{p.stem}](plots/{p.name})" for p in plots]
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def _md_table(table: pd.DataFrame) -> str:
    """A GitHub markdown table without the optional ``tabulate`` dependency."""
    if table.empty:
        return "_No job folders found._"
    cols = list(table.columns)

    def cell(value: Any) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        if isinstance(value, float):
            return f"{value:.6g}"
        return str(value).replace("|", "\\|").replace("\n", " ")

    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.itertuples(index=False)]
    return "\n".join(out)


# ---- W&B and the Hydra callback -------------------------------------------------------------------------
def log_to_wandb(table: pd.DataFrame, sweep_dir: Path, cfg: DictConfig) -> None:
    """Log the summary table as one W&B run of the sweep's group; offline when no credentials are set."""
    import wandb

    from lorasweep.tracking import resolve_mode

    mode = resolve_mode(str(OmegaConf.select(cfg, "logger.mode", default="auto") or "auto"))
    if mode == "disabled":
        return
    project = OmegaConf.select(cfg, "logger.project", default=None) or "lorasweep"
    run = wandb.init(project=str(project), group=sweep_dir.name, job_type="sweep-summary",
                     name=f"{sweep_dir.name}-summary", dir=str(sweep_dir), mode=mode,
                     reinit="finish_previous",
                     settings=wandb.Settings(silent=True, console="off"))
    try:
        run.log({"sweep_report": wandb.Table(dataframe=table.astype(str))})
    finally:
        run.finish()


def _uses_wandb(cfg: DictConfig) -> bool:
    """True when the run's logger is W&B (``logger.backend: wandb``)."""
    logger = OmegaConf.select(cfg, "logger", default=None)
    if OmegaConf.is_config(logger):
        return str(OmegaConf.select(logger, "backend", default="")).lower() == "wandb"
    return str(logger).lower() == "wandb"


try:
    from hydra.experimental.callback import Callback as _HydraCallback
except ImportError:  # pragma: no cover - Hydra is a dependency; keeps the CLI usable without it
    _HydraCallback = object  # type: ignore[assignment,misc]


class SweepReportCallback(_HydraCallback):
    """Hydra callback: write the sweep report when a multirun ends (and log it to W&B when used)."""

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Write the report of ``hydra.sweep.dir``; never fails the sweep because of the report."""
        sweep_dir = Path(str(config.hydra.sweep.dir))
        try:
            files = write_report(sweep_dir)
            log.info("Sweep report: %s", files.markdown)
            if _uses_wandb(config):
                log_to_wandb(files.table, sweep_dir, config)
        except Exception as exc:
            log.warning("Could not write the sweep report of %s: %s", sweep_dir, exc)


def main(argv: list[str] | None = None) -> int:
    """CLI: ``python -m lorasweep.report <sweep folder>``."""
    parser = argparse.ArgumentParser(prog="python -m lorasweep.report", description=__doc__.split("\n")[0])
    parser.add_argument("sweep_dir", type=Path, help="the sweep folder (holds one folder per job)")
    args = parser.parse_args(argv)
    try:
        files = write_report(args.sweep_dir)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"{len(files.table)} jobs -> {files.csv}, {files.markdown}, {len(files.plots)} plots")
    return 0


if __name__ == "__main__":
    sys.exit(main())
