"""A toy Hydra app with the training run's contract, for fast sweep tests (no model, no transformers).

It "trains" for ``trainer.max_steps`` steps: the eval loss falls towards a floor set by ``lora.r`` and
``lora.alpha`` at a speed set by the learning rate, and diverges (NaN) when the learning rate is too high.
Every ``trainer.eval_steps`` it reports to its Optuna trial through ``lorasweep.sweep_trial``, like the real
trainer's callback. It writes metrics.json / status.json / log_history.jsonl into its job folder.
``sim.fail``: none | error | oom | nan | exit (a hard crash: the process dies without status.json).
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig


class NonFiniteLossError(RuntimeError):
    """Stands in for lorasweep.errors.NonFiniteLossError (same name, so reasons read the same)."""


class OutOfMemoryError(RuntimeError):
    """Stands in for torch.OutOfMemoryError."""


def eval_loss_at(step: int, lr: float, r: int, alpha: int) -> float:
    """A smooth loss curve: floor 1.0 + 0.5/sqrt(r) + small alpha penalty, speed peaks at lr = 1e-3."""
    if lr > 0.05:
        return 3.0 * (1.5 ** step) if step < 4 else float("nan")
    floor = 1.0 + 0.5 / math.sqrt(r) + 0.001 * abs(alpha - 2 * r)
    speed = 0.6 * math.exp(-((math.log10(lr) + 3.0) ** 2))
    return floor + 2.0 * math.exp(-speed * step)


@hydra.main(version_base="1.3", config_path="conf", config_name="train")
def main(cfg: DictConfig) -> float | tuple[float, ...]:
    """Simulate training; return the optimized metric(s)."""
    from lorasweep.sweep_trial import current_reporter

    out = Path(HydraConfig.get().runtime.output_dir)
    status = {"state": "FAILED", "reason": None}
    started = time.time()
    try:
        reporter = current_reporter()
        (out / "job_started.txt").write_text(f"{started}\n{os.getpid()}\n")
        lr, r, alpha = float(cfg.trainer.learning_rate), int(cfg.lora.r), int(cfg.lora.alpha)
        steps_done, loss = 0, float("nan")
        with open(out / "log_history.jsonl", "w") as history:
            for step in range(1, int(cfg.trainer.max_steps) + 1):
                time.sleep(float(cfg.sim.step_seconds))
                steps_done = step
                if cfg.sim.fail == "exit" and step == 1:
                    os._exit(3)
                if cfg.sim.fail == "error":
                    raise RuntimeError("simulated failure in the training loop")
                if cfg.sim.fail == "oom":
                    raise OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
                loss = eval_loss_at(step, lr, r, alpha)
                if cfg.sim.fail == "nan" or (math.isnan(loss) and reporter is None):
                    raise NonFiniteLossError(f"loss is nan at step {step}")
                if step % int(cfg.trainer.eval_steps) == 0:
                    history.write(json.dumps({"step": step, "eval_loss": loss}) + "\n")
                    if reporter is not None and reporter.report({"eval_loss": loss}, step):
                        break
        (out / "steps.txt").write_text(str(steps_done))
        if reporter is not None:
            reporter.finish()
        metrics = {"eval_loss": loss, "eval_perplexity": math.exp(min(loss, 50.0)), "train_loss": loss + 0.05,
                   "train_runtime_s": round(time.time() - started, 3), "peak_memory_mb": 100.0 + 10 * r,
                   "train_steps": float(steps_done)}
        (out / "metrics.json").write_text(json.dumps(metrics))
        status = {"state": "COMPLETE", "reason": None}
        names = list(cfg.optimized_metric) if not isinstance(cfg.optimized_metric, str) else None
        if names is None:
            return metrics.get(cfg.optimized_metric)
        return tuple(metrics[n] for n in names if n in metrics)
    except Exception as exc:
        state = "PRUNED" if type(exc).__name__ == "TrialPruned" else "FAILED"
        status = {"state": state, "reason": f"{type(exc).__name__}: {exc}"}
        raise
    finally:
        (out / "status.json").write_text(json.dumps(status))


if __name__ == "__main__":
    main()
