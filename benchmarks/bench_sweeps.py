"""Grid vs Optuna-with-pruning on ``experiment=smoke`` over one search space, and per-job overhead.

    .venv/bin/python benchmarks/bench_sweeps.py [--max-steps 6] [--eval-steps 2] [--trials 3]

Runs ``python train.py -m experiment=smoke lora.r=... trainer.learning_rate=...`` (full grid, basic sweeper)
and ``python train.py -m hparams_search=lora_optuna ...`` over the same values (TPE + median pruner), then
reports the best eval loss each found, the training steps each spent (goal: within 1% of the grid's best
with at most half its steps) and, for the second and later jobs of the grid, the time from job start to the
first training step (goal: < 5 s beyond model loading). Writes benchmarks/results/sweeps.json.

Job start = the job's .hydra/config.yaml (written by Hydra as the job starts). First training step =
end of training (log_history.jsonl's last write) minus the trainer's own clock between step 1 and the end.
The baseline evaluation the run does before training (eval_loss_before) is reported separately.
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
R_VALUES = [4, 16]
LR_VALUES = [1e-4, 1e-3, 3e-2]


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
    if train_rows:
        first, last = train_rows[0], max(train_rows, key=lambda r: r["train_runtime"])
        train_end = (job / "log_history.jsonl").stat().st_mtime
        first_step_at = train_end - (last["train_runtime"] - first["train_runtime"])
        overhead = first_step_at - (job / ".hydra" / "config.yaml").stat().st_mtime
        baseline = next((r for r in rows if r.get("step") == 0 and "eval_runtime" in r), None)
        baseline_eval = baseline["eval_runtime"] if baseline else 0.0
    return {"job": job.name, "state": status.get("state", "CRASHED"), "eval_loss": metrics.get("eval_loss"),
            "steps": int(metrics.get("train_steps", steps)), "overhead_s": overhead,
            "baseline_eval_s": baseline_eval}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-steps", type=int, default=6)
    parser.add_argument("--eval-steps", type=int, default=2)
    parser.add_argument("--trials", type=int, default=3, help="Optuna trials (the grid has 6 jobs)")
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
                       "hydra.sweeper.study_name=bench", "hydra.sweeper.sampler.n_startup_trials=2",
                       "hydra.sweeper.pruner.n_startup_trials=1",
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
        "overhead_to_first_step_s_jobs_2plus": overhead,
        "baseline_eval_s_jobs_2plus": baseline,
        "note": "overhead includes model loading and the run's baseline evaluation (baseline_eval_s)",
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
    print(f"job start -> first training step (jobs 2+): {overhead} s, of which baseline eval {baseline} s")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
