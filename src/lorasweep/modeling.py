"""Model stage: resolve the checkpoint, load the tokenizer and the (quantized) base model, attach LoRA."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, BitsAndBytesConfig, PreTrainedTokenizerBase

from lorasweep.device import Resolved, torch_dtype
from lorasweep.embedded import materialize

log = logging.getLogger(__name__)

# Tokens that exist in common vocabularies purely for padding, tried before adding a new one.
PAD_CANDIDATES = ("<|finetune_right_pad_id|>", "<|pad|>", "<pad>", "[PAD]", "<|endoftext|>")


def checkpoint_path(model_cfg: Mapping[str, Any], cache_dir: str | Path) -> str:
    """A Hub id or local folder for `from_pretrained`; embedded models are built into the cache first."""
    if model_cfg.get("embedded"):
        return str(materialize(model_cfg["embedded"], cache_dir))
    return (
        str(Path(model_cfg["name_or_path"]).expanduser())
        if model_cfg["name_or_path"].startswith(("~", ".", "/"))
        else model_cfg["name_or_path"]
    )


def _chat_template(value: str | None) -> str | None:
    if value and Path(value).expanduser().is_file():
        return Path(value).expanduser().read_text()
    return value


def ensure_distinct_pad(tokenizer: PreTrainedTokenizerBase) -> bool:
    """Give the tokenizer a pad token that is not its EOS token; True if a new token had to be added.

    With pad == EOS, anything that masks padding by token id also masks the real end-of-answer token, and the
    model never learns to stop. We reuse a dedicated padding token from the vocabulary when one exists.
    """
    eos_id = tokenizer.eos_token_id
    if tokenizer.pad_token_id is not None and tokenizer.pad_token_id != eos_id:
        return False
    vocab = tokenizer.get_vocab()
    template = tokenizer.chat_template or ""
    for candidate in PAD_CANDIDATES:
        if candidate in vocab and vocab[candidate] != eos_id and candidate not in template:
            tokenizer.pad_token = candidate
            log.info("pad token was the EOS token; using %r (id %d) for padding", candidate, vocab[candidate])
            return False
    tokenizer.add_special_tokens({"pad_token": "<|pad|>"})
    log.info("pad token was the EOS token; added <|pad|> (the embedding matrix grows by one row)")
    return True


def load_tokenizer(path: str, model_cfg: Mapping[str, Any]) -> tuple[PreTrainedTokenizerBase, bool]:
    tokenizer = AutoTokenizer.from_pretrained(
        path, revision=model_cfg.get("revision"), trust_remote_code=model_cfg.get("trust_remote_code", False)
    )
    template = _chat_template(model_cfg.get("chat_template"))
    if template:
        tokenizer.chat_template = template
    if not tokenizer.chat_template:
        raise ValueError(
            f"The tokenizer of {path} has no chat template: set model.chat_template to a Jinja template "
            "(string or file) so prompts are formatted the way the model expects."
        )
    added = ensure_distinct_pad(tokenizer)
    tokenizer.padding_side = "right"  # training; generation switches to left padding itself
    return tokenizer, added


def quantization_config(
    method: str, double_quant: bool, compute_dtype: torch.dtype
) -> BitsAndBytesConfig | None:
    """The bitsandbytes settings for a resolved quantization method ("nf4", "int8" or "none")."""
    if method == "nf4":
        return BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=double_quant,
            bnb_4bit_compute_dtype=compute_dtype,
            bnb_4bit_quant_storage=compute_dtype,
        )
    if method == "int8":
        return BitsAndBytesConfig(load_in_8bit=True)
    return None


def load_base_model(path: str, model_cfg: Mapping[str, Any], resolved: Resolved, double_quant: bool) -> Any:
    dtype = torch_dtype(resolved.precision)
    quant = quantization_config(resolved.quantization, double_quant, dtype)
    kwargs: dict[str, Any] = {
        "revision": model_cfg.get("revision"),
        "trust_remote_code": model_cfg.get("trust_remote_code", False),
        "dtype": dtype,
    }
    if quant is not None:
        kwargs["quantization_config"] = quant
        # On a GPU the quantized weights must be placed at load time; on the CPU bitsandbytes works in place.
        kwargs["device_map"] = {"": 0} if resolved.device == "cuda" else {"": "cpu"}
    model = AutoModelForCausalLM.from_pretrained(path, **kwargs)
    if quant is None and resolved.device == "cuda":
        model.to("cuda")
    return model


@dataclass(frozen=True)
class LoraSettings:
    r: int
    alpha: float
    dropout: float
    target_modules: list[str] | str
    bias: str

    @classmethod
    def from_mapping(cls, lora: Mapping[str, Any]) -> LoraSettings:
        targets = lora["target_modules"]
        return cls(
            r=int(lora["r"]),
            alpha=float(lora["alpha"]),
            dropout=float(lora["dropout"]),
            target_modules=targets if isinstance(targets, str) else list(targets),
            bias=lora["bias"],
        )


def attach_lora(
    model: Any, lora: LoraSettings, quantized: bool, gradient_checkpointing: bool, grew_vocab: bool
) -> Any:
    """Prepare a (k-bit) base model for training and wrap it with a LoRA adapter."""
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training

    if quantized:
        # Casts norms to fp32 and enables input gradients, which checkpointed 4-bit layers need.
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=gradient_checkpointing)
    elif gradient_checkpointing:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        model.enable_input_require_grads()
    config = LoraConfig(
        r=lora.r,
        lora_alpha=lora.alpha,
        lora_dropout=lora.dropout,
        target_modules=lora.target_modules,
        bias=lora.bias,
        task_type="CAUSAL_LM",
        # A token added for padding needs trainable embeddings to be saved with the adapter.
        modules_to_save=["embed_tokens", "lm_head"] if grew_vocab else None,
    )
    return get_peft_model(model, config)


def parameter_counts(model: Any) -> tuple[int, int]:
    """(trainable, total) parameters; 4-bit weights are packed two per byte, so count them as bitsandbytes does."""
    trainable, total = model.get_nb_trainable_parameters()
    return int(trainable), int(total)
