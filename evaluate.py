"""Evaluate a finished run, or a base model alone, without training.

    python evaluate.py run_dir=outputs/2025-06-01/12-00-00      # base vs fine-tuned, the run's data split
    python evaluate.py run_dir=outputs/2025-06-01/12-00-00 eval.qa.path=qa.jsonl \
        eval.qa.fields.question=q eval.qa.fields.answer=a       # score the run on another QA file
    python evaluate.py model=smollm2_135m                         # the base model alone
    python evaluate.py model=smollm2_135m eval.qa.embedded=null \
        eval.qa.hub_id=FreedomIntelligence/medical-o1-verifiable-problem

Writes metrics.json, probes.jsonl, probes.md and vqa_predictions.jsonl into its own Hydra run folder
(outputs/eval/<date>/<time>).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig

from lorasweep.errors import ConfigError, DataError
from lorasweep.evaluation.standalone import evaluate

log = logging.getLogger(__name__)


@hydra.main(version_base="1.3", config_path="conf", config_name="evaluate")
def main(cfg: DictConfig) -> None:
    hydra_cfg = HydraConfig.get()
    out_dir = Path(hydra_cfg.runtime.output_dir)
    try:
        metrics = evaluate(cfg, out_dir, list(hydra_cfg.overrides.task))
    except (ConfigError, DataError) as err:
        print(f"\nlorasweep: {err}\n(output folder: {out_dir})", file=sys.stderr)
        sys.exit(2)
    log.info("metrics: %s", {k: round(v, 4) for k, v in metrics.items()})
    log.info("wrote %s", out_dir / "metrics.json")


if __name__ == "__main__":
    main()
