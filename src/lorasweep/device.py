"""Resolve `auto` settings against the hardware actually present: precision, quantization, optimizer.

Everything here is a pure function of (config value, hardware facts), so the rules can be tested on a CPU
by passing the facts of a T4 or an A100.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch


@dataclass(frozen=True)
class Hardware:
    """What the run can see. `bf16` means native bf16 matrix units (Ampere or newer)."""

    cuda: bool
    device_name: str
    bf16: bool
    total_memory_mb: float | None = None

    @classmethod
    def detect(cls) -> Hardware:
        if not torch.cuda.is_available():
            return cls(cuda=False, device_name="cpu", bf16=False)
        props = torch.cuda.get_device_properties(0)
        return cls(
            cuda=True,
            device_name=props.name,
            bf16=torch.cuda.is_bf16_supported(including_emulation=False),
            total_memory_mb=props.total_memory / 2**20,
        )


@dataclass(frozen=True)
class Resolved:
    """The concrete choices a run makes; saved to env.json and logged."""

    device: str
    device_name: str
    precision: str  # fp32 | fp16 | bf16
    quantization: str  # nf4 | int8 | none
    optim: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


PRECISIONS = ("auto", "fp32", "fp16", "bf16")
QUANTIZATIONS = ("auto", "nf4", "int8", "none")


def precision_problem(requested: str, hw: Hardware) -> str | None:
    """Why `requested` cannot run on `hw`, or None. Checked before any model loads."""
    if requested not in PRECISIONS:
        return f"trainer.precision={requested!r} is not one of {list(PRECISIONS)}."
    if requested == "bf16" and hw.cuda and not hw.bf16:
        return (
            f"trainer.precision=bf16 but the GPU ({hw.device_name}) has no bf16 support: "
            "use trainer.precision=fp16 (or auto, which picks fp16 here)."
        )
    if requested == "fp16" and not hw.cuda:
        return "trainer.precision=fp16 needs a GPU; on the CPU use trainer.precision=fp32 (or auto)."
    return None


def resolve_precision(requested: str, hw: Hardware) -> str:
    if requested != "auto":
        return requested
    if not hw.cuda:
        return "fp32"  # CPUs without bf16 instructions run bf16 matmuls far slower than fp32
    return "bf16" if hw.bf16 else "fp16"


def quantization_problem(requested: str, hw: Hardware) -> str | None:
    if requested not in QUANTIZATIONS:
        return f"quantization.method={requested!r} is not one of {list(QUANTIZATIONS)}."
    if requested == "int8" and not hw.cuda:
        return "quantization=int8 needs CUDA; on the CPU use quantization=nf4 (slow) or quantization=none."
    return None


def resolve_quantization(requested: str, hw: Hardware) -> str:
    if requested != "auto":
        return requested
    return "nf4" if hw.cuda else "none"


def resolve_optim(requested: str, hw: Hardware, quantization: str) -> str:
    if requested != "auto":
        return requested
    # Paged 8-bit AdamW moves optimizer state to host memory on spikes: the QLoRA recipe for small GPUs.
    if hw.cuda:
        return "paged_adamw_8bit" if quantization != "none" else "adamw_torch_fused"
    return "adamw_torch"


def resolve(precision: str, quantization: str, optim: str, hw: Hardware) -> Resolved:
    quant = resolve_quantization(quantization, hw)
    return Resolved(
        device="cuda" if hw.cuda else "cpu",
        device_name=hw.device_name,
        precision=resolve_precision(precision, hw),
        quantization=quant,
        optim=resolve_optim(optim, hw, quant),
    )


def torch_dtype(precision: str) -> torch.dtype:
    return {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}[precision]


def reset_peak_memory() -> None:
    if torch.cuda.is_available():
        torch.cuda.reset_peak_memory_stats()


def peak_memory_mb() -> float:
    """Peak accelerator memory since the last reset; on the CPU, the process's peak resident set size."""
    if torch.cuda.is_available():
        return torch.cuda.max_memory_allocated() / 2**20
    import resource

    # ru_maxrss is in KiB on Linux and never resets: on the CPU in-process sweep jobs report the running maximum.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
