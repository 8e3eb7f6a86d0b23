"""Fine-tune an instruction LLM with QLoRA from composed Hydra configs.

python train.py                              # the embedded SmolLM2-135M-Instruct on the embedded sample
python train.py experiment=smoke             # a tiny random Llama: every stage in seconds
python train.py lora.r=4,16,32 -m            # a grid sweep, one folder per job under multirun/
python train.py -m hparams_search=lora_optuna experiment=smoke   # an Optuna search with pruning
python train.py prepare_only=true data=chatdoctor data.path=chatdoctor.jsonl   # clean and report only
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig

from lorasweep.errors import ConfigError, DataError

log = logging.getLogger(__name__)


@hydra.main(version_base="1.3", config_path="conf", config_name="train")
def main(cfg: DictConfig) -> float | tuple[float, ...] | None:
    # Imported here, not at the top: torch and transformers take seconds to import, and Hydra's own errors
    # (an unknown option), --help and --cfg job should answer before that.
    from lorasweep.run import optimized_value, train

    hydra_cfg = HydraConfig.get()
    run_dir = Path(hydra_cfg.runtime.output_dir)
    try:
        metrics = train(cfg, run_dir)
    except (ConfigError, DataError) as err:
        if hydra_cfg.mode == RunMode.MULTIRUN:
            raise  # the sweeper records the job as failed, with this message as the reason
        # A user error gets its message, not a traceback.
        print(f"\nlorasweep: {err}\n(run folder: {run_dir})", file=sys.stderr)
        sys.exit(2)
    if cfg.prepare_only:
        return None
    log.info("metrics: %s", {k: round(v, 4) if isinstance(v, float) else v for k, v in metrics.items()})
    return optimized_value(cfg, metrics)


if __name__ == "__main__":
    main()
