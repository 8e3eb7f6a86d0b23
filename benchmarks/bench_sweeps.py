"""Grid vs Optuna-with-pruning on ``experiment=smoke`` over one search space, and per-job overhead.

    .venv/bin/python benchmarks/bench_sweeps.py [--max-steps 12] [--eval-steps 2] [--trials 9]
        [--sampler grid|tpe|random] [--pruner successive_halving|median|hyperband] [--reduction-factor 9]

Runs ``python train.py -m experiment=smoke lora.r=... trainer.learning_rate=...`` (full grid, basic sweeper)
and ``python train.py -m hparams_search=lora_optuna ...`` over the same values (by default Optuna's grid
sampler with successive-halving pruning at every evaluation), then
reports the best eval loss each found, the training steps each spent (goal: within 1% of the grid's best
with at most half its steps) and, for the second and later jobs of the grid, the time from job start to the
first training step (goal: < 5 s beyond model loading). Writes benchmarks/results/sweeps.json.

Job start to first training step is the run's own clock (metrics.json: ``setup_s``, from the start of the
job's ``train()`` to the first optimizer step), with its parts ``model_load_s`` and ``baseline_eval_s`` (the
evaluation of the untrained model, eval_loss_before). Runs without those keys fall back to file times.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
R_VALUES = [4, 8, 16]
LR_VALUES = [1e-4, 1e-3, 1e-2]


def run(cmd: list[str]) -> float:
    """Run a sweep command from the repo root; return its wall time."""
    started = time.time()
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"command failed: {' '.join(cmd)}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return time.time() - started


def job_dirs(sweep: Path) -> list[Path]:
    jobs = [p.parent for p in sweep.rglob(".hydra") if p.parent != sweep]
    return sorted(jobs, key=lambda p: (p / ".hydra" / "config.yaml").stat().st_mtime)


def history(job: Path) -> list[dict[str, Any]]:
    path = job / "log_history.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def job_figures(job: Path) -> dict[str, Any]:
    """State, eval loss, steps trained, overhead to the first training step, for one job folder."""
    status = json.loads((job / "status.json").read_text()) if (job / "status.json").is_file() else {}
    metrics = json.loads((job / "metrics.json").read_text()) if (job / "metrics.json").is_file() else {}
    rows = history(job)
    train_rows = [r for r in rows if "loss" in r and "train_runtime" in r]
    steps = max((r["step"] for r in train_rows), default=0)
    overhead = baseline_eval = None
    if "setup_s" in metrics:  # the run's own clock: job start -> first training step, and its parts
        overhead, baseline_eval = metrics["setup_s"], metrics["baseline_eval_s"]
    elif train_rows:
        first, last = train_rows[0], max(train_rows, key=lambda r: r["train_runtime"])
        train_end = (job / "log_history.jsonl").stat().st_mtime
        first_step_at = train_end - (last["train_runtime"] - first["train_runtime"])
        overhead = first_step_at - (job / ".hydra" / "config.yaml").stat().st_mtime
        baseline = next((r for r in rows if r.get("step") == 0 and "eval_runtime" in r), None)
        baseline_eval = baseline["eval_runtime"] if baseline else 0.0
    return {"job": job.name, "state": status.get("state", "CRASHED"), "eval_loss": metrics.get("eval_loss"),
            "steps": int(metrics.get("train_steps", steps)), "overhead_s": overhead,
            "baseline_eval_s": baseline_eval, "model_load_s": metrics.get("model_load_s")}


def pruner_overrides(args: argparse.Namespace) -> list[str]:
    """Prune at the first evaluation at the earliest: successive halving's first rung is one eval interval."""
    # The lora_optuna preset configures a median pruner; other pruners do not take its two options.
    median_only = ["hydra.sweeper.pruner.n_startup_trials=null", "hydra.sweeper.pruner.n_warmup_steps=null"]
    if args.pruner == "successive_halving":
        return [*median_only, f"hydra.sweeper.pruner.min_resource={args.eval_steps}",
                f"hydra.sweeper.pruner.reduction_factor={args.reduction_factor}"]
    if args.pruner == "hyperband":
        return median_only
    if args.pruner == "median":
        return ["hydra.sweeper.pruner.n_startup_trials=1"]
    return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-steps", type=int, default=12)
    parser.add_argument("--eval-steps", type=int, default=2)
    parser.add_argument("--trials", type=int, default=9, help="Optuna trials (the grid has 9 jobs)")
    parser.add_argument("--reduction-factor", type=int, default=9,
                        help="successive halving: a trial continues past the first evaluation only if it is in "
                             "the top 1/factor there (with fewer trials than the factor: only the best so far)")
    parser.add_argument("--sampler", default="grid", help="Optuna sampler: grid, tpe or random")
    parser.add_argument("--pruner", default="successive_halving", help="successive_halving, median, hyperband")
    args = parser.parse_args()
    common = [f"trainer.max_steps={args.max_steps}", f"trainer.eval_steps={args.eval_steps}", "logger=none"]
    work = Path(tempfile.mkdtemp(prefix="bench_sweeps_"))
    py = sys.executable

    grid_dir = work / "grid"
    grid_wall = run([py, "train.py", "-m", "experiment=smoke", *common, f"hydra.sweep.dir={grid_dir}",
                     "lora.r=" + ",".join(map(str, R_VALUES)),
                     "trainer.learning_rate=" + ",".join(map(str, LR_VALUES))])
    optuna_dir = work / "optuna"
    optuna_wall = run([py, "train.py", "-m", "hparams_search=lora_optuna", "experiment=smoke", *common,
                       f"hydra.sweep.dir={optuna_dir}", f"hydra.sweeper.n_trials={args.trials}",
                       "hydra.sweeper.study_name=bench", f"hydra/sweeper/sampler={args.sampler}",
                       f"hydra/sweeper/pruner={args.pruner}", *pruner_overrides(args),
                       "lora.r=choice(" + ",".join(map(str, R_VALUES)) + ")",
                       "lora.alpha=32",
                       "trainer.learning_rate=choice(" + ",".join(map(str, LR_VALUES)) + ")"])

    grid = [job_figures(j) for j in job_dirs(grid_dir)]
    search = [job_figures(j) for j in job_dirs(optuna_dir)]
    best = {name: min((j["eval_loss"] for j in jobs if j["eval_loss"] is not None), default=None)
            for name, jobs in (("grid", grid), ("optuna", search))}
    steps = {"grid": sum(j["steps"] for j in grid), "optuna": sum(j["steps"] for j in search)}
    later = [j for j in grid[1:] if j["overhead_s"] is not None]
    overhead = sum(j["overhead_s"] for j in later) / len(later) if later else None
    baseline = sum(j["baseline_eval_s"] for j in later) / len(later) if later else None
    loads = [j["model_load_s"] for j in later if j.get("model_load_s") is not None]
    model_load = sum(loads) / len(loads) if loads else None
    gap = (best["optuna"] - best["grid"]) / best["grid"] if best["grid"] and best["optuna"] else None
    results = {
        "search_space": {"lora.r": R_VALUES, "trainer.learning_rate": LR_VALUES},
        "max_steps": args.max_steps, "eval_steps": args.eval_steps, "optuna_trials": args.trials,
        "grid": {"jobs": len(grid), "best_eval_loss": best["grid"], "train_steps": steps["grid"],
                 "wall_s": round(grid_wall, 1), "per_job": grid},
        "optuna_pruned": {"trials": len(search), "best_eval_loss": best["optuna"],
                          "train_steps": steps["optuna"],
                          "pruned": sum(j["state"] == "PRUNED" for j in search),
                          "wall_s": round(optuna_wall, 1), "per_job": search},
        "best_gap_relative": gap,
        "steps_ratio": steps["optuna"] / steps["grid"] if steps["grid"] else None,
        "goal_best_within_1pct_and_half_steps": bool(gap is not None and gap <= 0.01
                                                     and steps["optuna"] * 2 <= steps["grid"]),
        "sampler": args.sampler, "pruner": args.pruner,
        "overhead_to_first_step_s_jobs_2plus": overhead,
        "model_load_s_jobs_2plus": model_load,
        "baseline_eval_s_jobs_2plus": baseline,
        "overhead_beyond_model_load_and_baseline_eval_s": (overhead - model_load - baseline)
        if None not in (overhead, model_load, baseline) else None,
        "note": "overhead = job start to first training step; it includes model loading and the run's "
                "baseline evaluation of the untrained model (eval_loss_before)",
    }
    out = REPO / "benchmarks" / "results" / "sweeps.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"grid:   {len(grid)} jobs, best eval_loss {best['grid']}, {steps['grid']} steps, "
          f"{grid_wall:.0f} s")
    print(f"optuna: {len(search)} trials ({results['optuna_pruned']['pruned']} pruned), best eval_loss "
          f"{best['optuna']}, {steps['optuna']} steps, {optuna_wall:.0f} s")
    print(f"gap {gap}, steps ratio {results['steps_ratio']}, goal met: "
          f"{results['goal_best_within_1pct_and_half_steps']}")
    print(f"job start -> first training step (jobs 2+): {overhead} s, of which model load {model_load} s "
          f"and baseline eval {baseline} s")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
