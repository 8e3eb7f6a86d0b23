"""What a run leaves in its folder besides Hydra's `.hydra/`: metrics, environment, status, the loss curve."""

from __future__ import annotations

import json
import math
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

TRACKED_PACKAGES = (
    "lorasweep",
    "torch",
    "transformers",
    "peft",
    "trl",
    "bitsandbytes",
    "datasets",
    "accelerate",
    "wandb",
    "optuna",
    "hydra-core",
    "omegaconf",
)


def write_json(path: Path, payload: Any) -> None:
    """Write through a temporary file so a reader never sees half a JSON document."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
    tmp.replace(path)


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def git_state(start: Path) -> dict[str, Any]:
    """Commit and dirty flag of the code that ran (the repository holding this package), if it is a checkout."""

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(start), *args], capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    if commit is None:
        return {"commit": None, "dirty": None}
    return {"commit": commit, "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}


def environment(resolved: dict[str, str], seed: int) -> dict[str, Any]:
    import torch

    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": {name: _version(name) for name in TRACKED_PACKAGES},
        "git": git_state(Path(__file__).resolve().parent),
        "seed": seed,
        "cuda": torch.version.cuda if torch.cuda.is_available() else None,
        "torch_threads": torch.get_num_threads(),
        **resolved,
    }


def perplexity(loss: float) -> float:
    return math.exp(loss) if loss < 700 else float("inf")


def plot_loss_curve(history: list[dict[str, Any]], path: Path) -> None:
    """Training and eval loss against optimizer step, from the trainer's log history."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    train = [(h["step"], h["loss"]) for h in history if "loss" in h]
    evals = [(h["step"], h["eval_loss"]) for h in history if "eval_loss" in h]
    fig, ax = plt.subplots(figsize=(7, 4))
    if train:
        ax.plot(*zip(*train, strict=True), label="train loss", color="#4C72B0")
    if evals:
        ax.plot(*zip(*evals, strict=True), "o-", label="eval loss", color="#C44E52")
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("loss (answer tokens only)")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def read_log_history(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
