"""Batched generation for evaluation: chat prompts, left padding with attention masks, greedy by default.

Prompts are sorted by length before batching so each batch pads little, and answers come back in input order.
The seed is set at the start of every call, so the base and the fine-tuned pass sample from the same state.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import torch
from transformers import set_seed


@dataclass(frozen=True)
class GenerationSettings:
    """The `generation` config group, with an optional per-task cap on new tokens."""

    max_new_tokens: int
    do_sample: bool
    temperature: float
    top_p: float
    repetition_penalty: float

    @classmethod
    def from_mapping(cls, gen: Mapping[str, Any], max_new_tokens: int | None = None) -> GenerationSettings:
        return cls(
            max_new_tokens=int(max_new_tokens or gen["max_new_tokens"]),
            do_sample=bool(gen.get("do_sample", False)),
            temperature=float(gen.get("temperature", 1.0)),
            top_p=float(gen.get("top_p", 1.0)),
            repetition_penalty=float(gen.get("repetition_penalty", 1.0)),
        )

    def generate_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `model.generate`; temperature 0 means greedy (sampling needs one > 0)."""
        kwargs: dict[str, Any] = {
            "max_new_tokens": self.max_new_tokens,
            "repetition_penalty": self.repetition_penalty,
            "do_sample": self.do_sample and self.temperature > 0,
        }
        if kwargs["do_sample"]:
            kwargs.update(temperature=self.temperature, top_p=self.top_p)
        else:  # unset the checkpoint's own sampling defaults, which greedy decoding would warn about
            kwargs.update(temperature=None, top_p=None, top_k=None)
        return kwargs


@dataclass(frozen=True)
class Generation:
    text: str
    new_tokens: int  # generated tokens up to and including the first end-of-turn token (padding not counted)


@contextlib.contextmanager
def left_padding(tokenizer: Any) -> Iterator[None]:
    """Pad on the left while generating (new tokens must follow each prompt directly), then restore."""
    previous = tokenizer.padding_side
    tokenizer.padding_side = "left"
    try:
        yield
    finally:
        tokenizer.padding_side = previous


@contextlib.contextmanager
def eval_mode(model: Any) -> Iterator[None]:
    """Dropout off for generation; the previous train/eval state is restored after."""
    was_training = model.training
    model.eval()
    try:
        yield
    finally:
        model.train(was_training)


def stop_token_ids(model: Any, tokenizer: Any) -> list[int]:
    """Every id that ends an answer: the checkpoint's generation EOS ids (Llama 3 has several) and the
    tokenizer's."""
    ids: set[int] = set()
    configured = getattr(getattr(model, "generation_config", None), "eos_token_id", None)
    if isinstance(configured, int):
        ids.add(configured)
    elif configured:
        ids.update(int(i) for i in configured)
    if tokenizer.eos_token_id is not None:
        ids.add(int(tokenizer.eos_token_id))
    return sorted(ids)


def render_prompts(tokenizer: Any, conversations: Sequence[list[dict[str, str]]]) -> list[str]:
    """Each conversation through the chat template, ending in the assistant header. Never truncated."""
    return [
        tokenizer.apply_chat_template(turns, add_generation_prompt=True, tokenize=False)
        for turns in conversations
    ]


def _count_new(row: torch.Tensor, stops: set[int]) -> int:
    for index, token in enumerate(row.tolist()):
        if token in stops:
            return index + 1
    return len(
        row
    )  # no stop token: the answer ran to max_new_tokens (padding only ever follows a stop token)


def generate(
    model: Any,
    tokenizer: Any,
    conversations: Sequence[list[dict[str, str]]],
    settings: GenerationSettings,
    batch_size: int = 8,
    seed: int = 0,
) -> list[Generation]:
    """Answers to `conversations` (chat turns), in order; batches of `batch_size` with left padding."""
    set_seed(seed)
    prompts = render_prompts(tokenizer, conversations)
    # Special tokens are in the rendered text already; adding them again would double the BOS.
    lengths = [len(ids) for ids in tokenizer(prompts, add_special_tokens=False)["input_ids"]]
    order = sorted(range(len(prompts)), key=lambda i: -lengths[i])
    stops = stop_token_ids(model, tokenizer)
    kwargs = settings.generate_kwargs()
    device = next(model.parameters()).device
    results: dict[int, Generation] = {}
    with left_padding(tokenizer), eval_mode(model), torch.inference_mode():
        for start in range(0, len(order), batch_size):
            picked = order[start : start + batch_size]
            batch = tokenizer(
                [prompts[i] for i in picked], padding=True, add_special_tokens=False, return_tensors="pt"
            ).to(device)
            output = model.generate(
                **batch, **kwargs, eos_token_id=stops, pad_token_id=tokenizer.pad_token_id, use_cache=True
            )
            new = output[:, batch["input_ids"].shape[1] :].cpu()
            for row, index in zip(new, picked, strict=True):
                results[index] = Generation(
                    text=tokenizer.decode(row, skip_special_tokens=True).strip(),
                    new_tokens=_count_new(row, set(stops)),
                )
    return [results[i] for i in range(len(prompts))]


def timed_generate(*args: Any, **kwargs: Any) -> tuple[list[Generation], float]:
    """`generate` and its wall time in seconds (for benchmarks and the tokens/s figure)."""
    started = time.perf_counter()
    out = generate(*args, **kwargs)
    return out, time.perf_counter() - started
