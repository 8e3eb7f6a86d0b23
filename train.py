"""Fine-tune an instruction LLM with QLoRA from composed Hydra configs.

    python train.py                              # the embedded SmolLM2-135M-Instruct on the embedded sample
    python train.py experiment=smoke             # a tiny random Llama: every stage in seconds
    python train.py lora.r=4,16,32 -m            # a grid sweep, one folder per job under multirun/
    python train.py -m hparams_search=lora_optuna experiment=smoke   # an Optuna search with pruning
    python train.py prepare_only=true data=chatdoctor data.path=chatdoctor.jsonl   # clean and report only
"""

from __future__ import annotations

import logging
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig

from lorasweep.run import optimized_value, train

log = logging.getLogger(__name__)


@hydra.main(version_base="1.3", config_path="conf", config_name="train")
def main(cfg: DictConfig) -> float | tuple[float, ...] | None:
    run_dir = Path(HydraConfig.get().runtime.output_dir)
    metrics = train(cfg, run_dir)
    if cfg.prepare_only:
        return None
    log.info("metrics: %s", {k: round(v, 4) if isinstance(v, float) else v for k, v in metrics.items()})
    return optimized_value(cfg, metrics)


if __name__ == "__main__":
    main()
