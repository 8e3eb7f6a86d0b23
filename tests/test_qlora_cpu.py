"""QLoRA on the CPU (bitsandbytes runs NF4 there): 4-bit base layers stay frozen, LoRA weights learn."""

import pytest
import torch
from datasets import Dataset

from lorasweep.data.formatting import tokenize_records
from lorasweep.device import Resolved
from lorasweep.modeling import LoraSettings, attach_lora, load_base_model
from lorasweep.training import build_trainer, sft_config

bnb = pytest.importorskip("bitsandbytes")

RECORDS = [
    {"system": "", "question": f"What helps symptom {i}?", "answer": f"Rest, fluids and time help with {i}."}
    for i in range(8)
]


def _bytes(param: torch.Tensor) -> bytes:
    return param.detach().contiguous().view(torch.uint8).numpy().tobytes()


def test_nf4_base_is_4bit_frozen_and_lora_learns(tiny_model_dir, tokenizer, tmp_path):
    resolved = Resolved(
        device="cpu", device_name="cpu", precision="fp32", quantization="nf4", optim="adamw_torch"
    )
    model = load_base_model(str(tiny_model_dir), {}, resolved, double_quant=True)
    quantized = [m for m in model.modules() if isinstance(m, bnb.nn.Linear4bit)]
    assert len(quantized) == 14  # 7 projections x 2 layers
    assert quantized[0].weight.quant_state.quant_type == "nf4"

    lora = LoraSettings(
        r=4, alpha=8, dropout=0.0, target_modules=["q_proj", "v_proj", "down_proj"], bias="none"
    )
    model = attach_lora(model, lora, quantized=True, gradient_checkpointing=False, grew_vocab=False)
    # Packed 4-bit weights are stored in a float dtype; compare their bytes (the bit patterns may read as NaN).
    base_before = {n: _bytes(p) for n, p in model.named_parameters() if "lora_" not in n}
    lora_before = {n: p.detach().clone() for n, p in model.named_parameters() if "lora_B" in n}
    assert lora_before and all(p.abs().sum() == 0 for p in lora_before.values())  # peft starts B at zero

    tokens = tokenize_records(tokenizer, RECORDS, max_length=128, over_length="drop")
    data = Dataset.from_dict({"input_ids": tokens.input_ids, "labels": tokens.labels})
    cfg = {
        "learning_rate": 1e-2,
        "lr_scheduler_type": "constant",
        "warmup_ratio": 0.0,
        "weight_decay": 0.0,
        "max_grad_norm": 1.0,
        "num_train_epochs": 1,
        "max_steps": 3,
        "per_device_train_batch_size": 4,
        "per_device_eval_batch_size": 4,
        "gradient_accumulation_steps": 1,
        "gradient_checkpointing": False,
        "max_seq_length": 128,
        "eval_steps": 3,
        "logging_steps": 1,
        "dataloader_num_workers": 0,
    }
    trainer = build_trainer(
        model, tokenizer, data, data, sft_config(cfg, resolved, tmp_path, 0, "none"), tmp_path
    )
    trainer.train()

    for name, param in model.named_parameters():
        if name in base_before:
            assert _bytes(param) == base_before[name], f"base weight {name} changed"
    changed = [
        n
        for n, p in model.named_parameters()
        if n in lora_before and not torch.equal(p.detach(), lora_before[n])
    ]
    assert len(changed) == len(lora_before)
