"""lorasweep: Hydra experiment sweeps for QLoRA fine-tuning of instruction LLMs."""

__version__ = "0.1.0"
