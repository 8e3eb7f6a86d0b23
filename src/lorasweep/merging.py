"""Merge a LoRA adapter into its base model, and measure how faithfully the merged model reproduces it.

A QLoRA adapter is trained against the *dequantized* 4-bit weights, not the original 16-bit ones. Merging it
onto the original weights therefore changes the model that was evaluated. Two merges are offered:

- ``dequantized``: load the base with the run's quantization, dequantize every quantized Linear into a
  full-precision copy of the model, then merge. This reproduces the adapter-on-quantized-base model.
- ``full``: merge onto the original full-precision weights (what most tools do).

Each candidate is compared with the reference (the adapter on the base exactly as trained) on held-out
prompts: the maximum absolute logit difference and the mean per-token KL(reference || merged).
"""

from __future__ import annotations

import gc
import json
import logging
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch

from lorasweep import device as devices
from lorasweep import modeling

log = logging.getLogger(__name__)

MERGE_KINDS = ("none", "dequantized", "full")

# Written by us for runs whose held-out data cannot be rebuilt: short, domain-neutral instructions.
FALLBACK_PROMPTS = (
    "Explain in two sentences what a checklist is good for.",
    "Summarise the difference between weather and climate.",
    "Give three tips for writing a clear email to a colleague.",
    "What should someone check before signing a rental agreement?",
)


@dataclass(frozen=True)
class BaseSpec:
    """Everything needed to load the base model an adapter was trained on."""

    path: str  # a local folder or a Hub id
    model_cfg: dict[str, Any]
    quantization: str  # as resolved by the run: nf4 | int8 | none
    double_quant: bool
    precision: str  # fp32 | fp16 | bf16

    def resolved(self, hw: devices.Hardware) -> devices.Resolved:
        return devices.Resolved(
            device="cuda" if hw.cuda else "cpu",
            device_name=hw.device_name,
            precision=self.precision,
            quantization=self.quantization,
            optim="none",
        )


@dataclass(frozen=True)
class Fidelity:
    """How one merged model compares with the adapter-on-base reference."""

    merge: str
    max_abs_logit_diff: float
    mean_kl: float
    max_kl: float
    prompts: int
    tokens: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _free(*objects: Any) -> None:
    del objects
    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()


def _model_device(model: Any) -> torch.device:
    return next(model.parameters()).device


def _grow_vocab_if_needed(model: Any, tokenizer_len: int) -> None:
    # Training added a pad token when the vocabulary had none; the adapter then carries the grown embeddings.
    if tokenizer_len > model.get_input_embeddings().num_embeddings:
        model.resize_token_embeddings(tokenizer_len)


def load_base(spec: BaseSpec, tokenizer_len: int, quantized: bool) -> Any:
    """The base model, quantized as in training (`quantized=True`) or in full precision."""
    hw = devices.Hardware.detect()
    resolved = spec.resolved(hw)
    if not quantized:
        resolved = devices.Resolved(resolved.device, resolved.device_name, resolved.precision, "none", "none")
    model = modeling.load_base_model(spec.path, spec.model_cfg, resolved, spec.double_quant)
    _grow_vocab_if_needed(model, tokenizer_len)
    model.eval()
    return model


def load_reference(spec: BaseSpec, adapter_dir: Path, tokenizer_len: int) -> Any:
    """The adapter on the base exactly as trained (same quantization): the model that was evaluated."""
    from peft import PeftModel

    base = load_base(spec, tokenizer_len, quantized=spec.quantization != "none")
    return PeftModel.from_pretrained(base, str(adapter_dir), is_trainable=False).eval()


def dequantize_weight(module: Any) -> torch.Tensor | None:
    """The full-precision weight a bitsandbytes Linear computes with, or None for a plain Linear."""
    import bitsandbytes as bnb

    if isinstance(module, bnb.nn.Linear4bit):
        # What the 4-bit forward pass computes before its matmul: the weights the adapter was trained on.
        return bnb.functional.dequantize_4bit(module.weight.data, module.weight.quant_state)
    if isinstance(module, bnb.nn.Linear8bitLt):
        from peft.utils.integrations import dequantize_bnb_weight

        return dequantize_bnb_weight(module.weight, state=module.state)
    return None


def dequantized_base(spec: BaseSpec, tokenizer_len: int) -> tuple[Any, int]:
    """A full-precision model whose quantized Linear weights are replaced by their dequantized values.

    Returns the model and how many weights were replaced. Only the Linear layers bitsandbytes quantized
    change; embeddings, norms and the LM head are kept, as they were never quantized.
    """
    quantized = load_base(spec, tokenizer_len, quantized=True)
    replacements = {}
    for name, module in quantized.named_modules():
        weight = dequantize_weight(module)
        if weight is not None:
            replacements[name] = weight.detach().to("cpu", copy=True)
    _free(quantized)
    model = load_base(spec, tokenizer_len, quantized=False)
    for name, weight in replacements.items():
        target = model.get_submodule(name).weight
        if tuple(target.shape) != tuple(weight.shape):
            raise RuntimeError(
                f"dequantized {name} has shape {tuple(weight.shape)}, expected {tuple(target.shape)}"
            )
        with torch.no_grad():
            target.copy_(weight.to(target.dtype))
    return model, len(replacements)


def merged_model(kind: str, spec: BaseSpec, adapter_dir: Path, tokenizer_len: int) -> Any:
    """The base of `kind` ("dequantized" or "full") with the adapter merged into its weights."""
    from peft import PeftModel

    if kind == "dequantized" and spec.quantization != "none":
        base, replaced = dequantized_base(spec, tokenizer_len)
        log.info("dequantized %d quantized Linear weights before merging", replaced)
    else:
        base = load_base(spec, tokenizer_len, quantized=False)
    peft_model = PeftModel.from_pretrained(base, str(adapter_dir), is_trainable=False)
    return peft_model.merge_and_unload().eval()


# ---- fidelity ----------------------------------------------------------------------------------------------
def heldout_texts(
    config: Mapping[str, Any],
    data_report: Mapping[str, Any] | None,
    tokenizer: Any,
    count: int,
    probes: list[dict[str, Any]] | None = None,
) -> tuple[list[str], str]:
    """Chat-formatted held-out texts (prompt and reference answer) and where they came from.

    The run's eval split is rebuilt from the data cache (or the source); without it, probe questions, then a
    few neutral prompts written for this project.
    """
    from lorasweep.data.formatting import render

    system_role = config.get("model", {}).get("system_role", "native")
    records = _eval_records(config, data_report, tokenizer)
    if records:
        return [
            render(tokenizer, r, system_role)[1] for r in records[:count]
        ], "the run's held-out eval split"
    questions = [p["question"] for p in probes or [] if p.get("question")]
    source = "the run's probe questions"
    if not questions:
        questions, source = list(FALLBACK_PROMPTS), "built-in neutral prompts"
    texts = [render(tokenizer, {"question": q, "answer": ""}, system_role)[0] for q in questions[:count]]
    return texts, source


def _eval_records(
    config: Mapping[str, Any], data_report: Mapping[str, Any] | None, tokenizer: Any
) -> list[dict[str, str]]:
    cache_dir = Path(str(config.get("paths", {}).get("cache_dir", "~/.cache/lorasweep"))).expanduser()
    fingerprint = (data_report or {}).get("fingerprint")
    records_path = cache_dir / "datasets" / str(fingerprint) / "records.jsonl"
    if fingerprint and records_path.is_file():
        rows = [
            json.loads(line) for line in records_path.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
        return [
            {k: r.get(k) for k in ("system", "question", "answer")} for r in rows if r.get("split") == "eval"
        ]
    try:
        from lorasweep.data import pipeline

        prepared = pipeline.prepare(
            dict(config["data"]),
            tokenizer,
            int(config["trainer"]["max_seq_length"]),
            cache_dir,
            config.get("model", {}).get("system_role", "native"),
        )
        return prepared.records("eval")
    except Exception as err:  # a vanished local file or no network: fall back to probes, and say so
        log.warning("could not rebuild the eval split (%s); measuring fidelity on other prompts", err)
        return []


@torch.no_grad()
def logits_for(model: Any, tokenizer: Any, texts: list[str], max_tokens: int) -> list[torch.Tensor]:
    """Float32 CPU logits, one [tokens, vocab] tensor per text (one text at a time: no padding effects)."""
    out = []
    where = _model_device(model)
    for text in texts:
        ids = tokenizer(text, add_special_tokens=False, return_tensors="pt")["input_ids"][:, :max_tokens]
        out.append(model(input_ids=ids.to(where)).logits[0].float().cpu())
    return out


def compare(kind: str, reference: list[torch.Tensor], candidate: list[torch.Tensor]) -> Fidelity:
    """Max |logit difference| and per-token KL(reference || candidate), over every position of every text."""
    max_diff, kls = 0.0, []
    for ref, cand in zip(reference, candidate, strict=True):
        max_diff = max(max_diff, float((ref - cand).abs().max()))
        ref_logp, cand_logp = torch.log_softmax(ref, -1), torch.log_softmax(cand, -1)
        kls.append((ref_logp.exp() * (ref_logp - cand_logp)).sum(-1).clamp_min(0.0))
    per_token = torch.cat(kls)
    return Fidelity(
        merge=kind,
        max_abs_logit_diff=max_diff,
        mean_kl=float(per_token.mean()),
        max_kl=float(per_token.max()),
        prompts=len(reference),
        tokens=int(per_token.numel()),
    )


def measure_merges(
    kinds: list[str],
    spec: BaseSpec,
    adapter_dir: Path,
    tokenizer: Any,
    texts: list[str],
    max_tokens: int = 128,
    keep: str | None = None,
) -> tuple[dict[str, Fidelity], Any]:
    """Fidelity of each merge kind against the adapter-on-base reference; returns the `keep` model too.

    One model is in memory besides the reference logits at any time, so a merge costs one model's memory.
    """
    reference_model = load_reference(spec, adapter_dir, len(tokenizer))
    reference = logits_for(reference_model, tokenizer, texts, max_tokens)
    _free(reference_model)
    results, kept = {}, None
    for kind in kinds:
        model = merged_model(kind, spec, adapter_dir, len(tokenizer))
        results[kind] = compare(kind, reference, logits_for(model, tokenizer, texts, max_tokens))
        log.info(
            "merge=%s: max |logit diff| %.3g, mean KL %.3g",
            kind,
            results[kind].max_abs_logit_diff,
            results[kind].mean_kl,
        )
        if kind == keep:
            kept = model
        else:
            _free(model)
    return results, kept


def divergence_problem(fidelity: Fidelity, max_kl: float, quantization: str) -> str | None:
    """Why a merge must be refused, or None when its mean KL is within the bound."""
    if math.isfinite(fidelity.mean_kl) and fidelity.mean_kl <= max_kl:
        return None
    advice = (
        " The adapter was trained against dequantized " + quantization + " weights: use --merge dequantized,"
        if fidelity.merge == "full" and quantization != "none"
        else " Check the adapter and base model,"
    )
    return (
        f"merge={fidelity.merge} diverges from the adapter-on-base model it should reproduce: mean KL "
        f"{fidelity.mean_kl:.3g} > --max-kl {max_kl:g} (max |logit diff| {fidelity.max_abs_logit_diff:.3g}, "
        f"{fidelity.tokens} tokens of {fidelity.prompts} held-out prompts).{advice} raise --max-kl if this "
        "divergence is acceptable, or export the adapter alone with --merge none."
    )
