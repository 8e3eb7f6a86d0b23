"""Training stage: TRL's SFTTrainer on the pre-tokenized prompt-completion examples."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from transformers import TrainerCallback
from trl import SFTConfig, SFTTrainer

from lorasweep.device import Resolved
from lorasweep.errors import NonFiniteLossError


class StepLog(TrainerCallback):
    """Append every log entry to log_history.jsonl as it happens, so a crashed run still shows its curve."""

    def __init__(self, path: Path):
        self.path = path

    def on_log(self, args, state, control, logs=None, **kwargs):
        if logs:
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps({"step": state.global_step, "epoch": state.epoch, **logs}) + "\n")


class StopOnNonFiniteLoss(TrainerCallback):
    """Fail the run at the first NaN/inf loss instead of training on garbage (a sweeper marks it FAIL)."""

    def on_log(self, args, state, control, logs=None, **kwargs):
        for key in ("loss", "eval_loss"):
            value = (logs or {}).get(key)
            if value is not None and not math.isfinite(value):
                raise NonFiniteLossError(
                    f"{key} became {value} at step {state.global_step}: the learning rate "
                    f"({args.learning_rate}) is probably too high for this setup; lower trainer.learning_rate."
                )


def sft_config(
    trainer_cfg: Mapping[str, Any], resolved: Resolved, output_dir: Path, seed: int, report_to: str
) -> SFTConfig:
    """TrainingArguments from the `trainer` config and the resolved hardware choices."""
    return SFTConfig(
        output_dir=str(output_dir),
        learning_rate=float(trainer_cfg["learning_rate"]),
        lr_scheduler_type=trainer_cfg["lr_scheduler_type"],
        warmup_steps=float(trainer_cfg["warmup_ratio"]),  # transformers 5: a value below 1 is a ratio
        weight_decay=float(trainer_cfg["weight_decay"]),
        max_grad_norm=float(trainer_cfg["max_grad_norm"]),
        num_train_epochs=float(trainer_cfg["num_train_epochs"]),
        max_steps=int(trainer_cfg["max_steps"]),
        per_device_train_batch_size=int(trainer_cfg["per_device_train_batch_size"]),
        per_device_eval_batch_size=int(trainer_cfg["per_device_eval_batch_size"]),
        gradient_accumulation_steps=int(trainer_cfg["gradient_accumulation_steps"]),
        gradient_checkpointing=bool(trainer_cfg["gradient_checkpointing"]),
        gradient_checkpointing_kwargs={"use_reentrant": False},
        optim=resolved.optim,
        fp16=resolved.precision == "fp16",
        bf16=resolved.precision == "bf16",
        use_cpu=resolved.device == "cpu",
        max_length=int(trainer_cfg["max_seq_length"]),
        eval_strategy="steps",
        eval_steps=int(trainer_cfg["eval_steps"]),
        logging_steps=int(trainer_cfg["logging_steps"]),
        logging_first_step=True,
        logging_nan_inf_filter=False,  # a NaN must be seen to stop the run
        save_strategy="no",  # the adapter is saved once, at the end, into the run folder
        report_to=report_to,
        seed=seed,
        data_seed=seed,
        dataloader_num_workers=int(trainer_cfg["dataloader_num_workers"]),
        include_num_input_tokens_seen="non_padding",
        completion_only_loss=True,
        disable_tqdm=True,
        dataset_num_proc=None,
    )


def build_trainer(
    model: Any, tokenizer: Any, train_set: Any, eval_set: Any, args: SFTConfig, run_dir: Path
) -> SFTTrainer:
    from lorasweep.sweep_trial import trial_callbacks

    callbacks = [StepLog(run_dir / "log_history.jsonl"), StopOnNonFiniteLoss(), *trial_callbacks()]
    return SFTTrainer(
        model=model,
        args=args,
        train_dataset=train_set,
        eval_dataset=eval_set,
        processing_class=tokenizer,
        callbacks=callbacks,
    )
