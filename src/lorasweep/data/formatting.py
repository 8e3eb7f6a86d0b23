"""Turn cleaned records into chat-formatted, tokenized training examples whose loss falls on the answer only.

Each record becomes a conversational prompt-completion pair: the prompt is the system and user turns, the
completion the assistant turn (ending in the template's end-of-turn token, which is how the model learns to
stop). We tokenize here rather than in TRL so the result can be cached by fingerprint and checked: labels are
-100 on every prompt token, and an example with no supervised token left is dropped, not trained on silently.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from typing import Any

from lorasweep.errors import DataError

IGNORE_INDEX = -100


def messages(record: dict[str, str], system_role: str = "native") -> tuple[list[dict], list[dict]]:
    """The prompt turns and the completion turn of one record."""
    prompt: list[dict[str, str]] = []
    question = record["question"]
    if record.get("system"):
        if system_role == "merge_into_user":
            # Some templates (Gemma, Mistral v1) reject a system turn; prepend it to the question instead.
            question = f"{record['system']}\n\n{question}"
        else:
            prompt.append({"role": "system", "content": record["system"]})
    prompt.append({"role": "user", "content": question})
    return prompt, [{"role": "assistant", "content": record["answer"]}]


def render(tokenizer: Any, record: dict[str, str], system_role: str) -> tuple[str, str]:
    """(prompt text ending in the assistant header, full text including the answer and its end-of-turn)."""
    prompt, completion = messages(record, system_role)
    prompt_text = tokenizer.apply_chat_template(prompt, add_generation_prompt=True, tokenize=False)
    full_text = tokenizer.apply_chat_template(prompt + completion, tokenize=False)
    return prompt_text, full_text


def _fast_renderer(tokenizer: Any, probe: dict[str, str], system_role: str) -> Any:
    """Render with the compiled Jinja template directly: twice as fast as apply_chat_template on 100k rows.

    transformers' compiler is private API, so the fast path is used only if it gives exactly the same text
    as apply_chat_template on a real record; otherwise we fall back to the public call.
    """
    try:
        from transformers.utils.chat_template_utils import _compile_jinja_template

        template = _compile_jinja_template(tokenizer.chat_template)
    except Exception:  # any change in the private API: use the public path
        return lambda record: render(tokenizer, record, system_role)
    extra = dict(tokenizer.special_tokens_map)

    def fast(record: dict[str, str]) -> tuple[str, str]:
        prompt, completion = messages(record, system_role)
        return (
            template.render(messages=prompt, add_generation_prompt=True, **extra),
            template.render(messages=prompt + completion, add_generation_prompt=False, **extra),
        )

    return (
        fast
        if fast(probe) == render(tokenizer, probe, system_role)
        else (lambda r: render(tokenizer, r, system_role))
    )


@dataclass
class Tokenized:
    """Training examples plus what was dropped on the way and the length of every example before any cut."""

    input_ids: list[list[int]] = field(default_factory=list)
    labels: list[list[int]] = field(default_factory=list)
    kept_index: list[int] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)
    truncated: int = 0


def tokenize_records(
    tokenizer: Any,
    records: list[dict[str, str]],
    max_length: int,
    over_length: str,
    system_role: str = "native",
) -> Tokenized:
    """Render with the chat template, tokenize in batches, mask the prompt, apply the token budget."""
    if not records:
        return Tokenized()
    renderer = _fast_renderer(tokenizer, records[0], system_role)
    texts = [renderer(r) for r in records]
    if not texts[0][1].startswith(texts[0][0]):
        raise DataError(
            "The chat template renders the prompt differently once the answer is appended, so the answer "
            "cannot be located for completion-only loss. Set model.chat_template to a template without that quirk."
        )
    # One tokenization pass over the full texts: the prompt's token count is read off the character offsets
    # (the first token starting at or after the prompt's end), which matches tokenizing the prompt alone
    # and halves the cost. Special tokens are already in the text, so add_special_tokens=False (no second BOS).
    encoded = tokenizer([f for _, f in texts], add_special_tokens=False, return_offsets_mapping=True)
    full_ids = encoded["input_ids"]
    prompt_lengths = [
        bisect.bisect_left([start for start, _ in offsets], len(prompt))
        for (prompt, _), offsets in zip(texts, encoded["offset_mapping"], strict=True)
    ]
    out = Tokenized(dropped={"max_tokens": 0, "no_supervised_tokens": 0})
    for index, (prompt_len, full) in enumerate(zip(prompt_lengths, full_ids, strict=True)):
        out.lengths.append(len(full))
        if len(full) > max_length:
            if over_length == "drop":
                out.dropped["max_tokens"] += 1
                continue
            full = full[:max_length]
            out.truncated += 1
        labels = [IGNORE_INDEX] * min(prompt_len, len(full)) + full[prompt_len:]
        if all(label == IGNORE_INDEX for label in labels):
            out.dropped["no_supervised_tokens"] += 1
            continue
        out.input_ids.append(full)
        out.labels.append(labels)
        out.kept_index.append(index)
    return out


def tokenizer_fingerprint(tokenizer: Any) -> str:
    """Changes whenever tokenization or chat formatting would: vocabulary, merges, special tokens, template."""
    digest = hashlib.sha256()
    backend = getattr(tokenizer, "backend_tokenizer", None)
    digest.update(
        backend.to_str().encode()
        if backend is not None
        else repr(sorted(tokenizer.get_vocab().items())).encode()
    )
    digest.update(str(tokenizer.chat_template).encode())
    digest.update(repr(sorted(tokenizer.special_tokens_map.items())).encode())
    return digest.hexdigest()[:16]
