"""Precision, quantization and optimizer resolve as documented for the CPU, a T4 and an A100."""

import pytest

from lorasweep.device import Hardware, precision_problem, resolve

CPU = Hardware(cuda=False, device_name="cpu", bf16=False)
T4 = Hardware(cuda=True, device_name="Tesla T4", bf16=False, total_memory_mb=15360)
A100 = Hardware(cuda=True, device_name="NVIDIA A100", bf16=True, total_memory_mb=40960)


@pytest.mark.parametrize(
    ("hw", "precision", "quantization", "optim"),
    [
        (CPU, "fp32", "none", "adamw_torch"),
        (T4, "fp16", "nf4", "paged_adamw_8bit"),
        (A100, "bf16", "nf4", "paged_adamw_8bit"),
    ],
)
def test_auto_resolves_per_hardware(hw, precision, quantization, optim):
    resolved = resolve("auto", "auto", "auto", hw)
    assert (resolved.precision, resolved.quantization, resolved.optim) == (precision, quantization, optim)


def test_explicit_choices_are_kept():
    resolved = resolve("fp32", "nf4", "adamw_torch", CPU)
    assert (resolved.precision, resolved.quantization, resolved.optim) == ("fp32", "nf4", "adamw_torch")


def test_bf16_on_a_t4_is_refused_with_the_fix():
    message = precision_problem("bf16", T4)
    assert "Tesla T4" in message and "trainer.precision=fp16" in message
    assert precision_problem("bf16", A100) is None
    assert precision_problem("fp16", CPU) is not None
    assert precision_problem("auto", T4) is None
