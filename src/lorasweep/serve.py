"""Serve a run or export folder over an OpenAI-compatible HTTP API (FastAPI + uvicorn).

    python -m lorasweep.serve outputs/2026-11-22/10-00-00             # a run folder: base model + its adapter
    python -m lorasweep.serve exports/medqa-r16 --port 8080            # an export folder (merged/ if present)

Endpoints: ``POST /v1/chat/completions`` (non-streaming, or ``"stream": true`` for server-sent events ending
in ``data: [DONE]``), ``GET /health`` and ``GET /info``. Generation defaults come from the run's
``generation`` config; a request may override ``max_tokens``, ``temperature`` and ``top_p`` within the
server's limits.

Requests are never dropped silently: a background worker takes up to ``--max-batch`` waiting requests with the
same sampling settings, left-pads them and generates them together; up to ``--max-queue`` requests wait
their turn, and beyond that the server answers 503 with a ``Retry-After`` header. It binds 127.0.0.1 unless
``--host`` says otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import math
import threading
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse

log = logging.getLogger(__name__)

ROLES = ("system", "user", "assistant")
ROLE_ALIASES = {"developer": "system"}  # newer OpenAI clients send "developer" for system instructions
MAX_TEMPERATURE = 2.0
BATCH_WINDOW_S = 0.005  # how long the worker waits for company before starting a batch


# ---- generation settings and limits ------------------------------------------------------------------------
@dataclass(frozen=True)
class Sampling:
    """Settings that must be equal for requests to share one `generate` call."""

    do_sample: bool
    temperature: float
    top_p: float
    repetition_penalty: float


@dataclass(frozen=True)
class Limits:
    max_new_tokens: int  # the largest max_tokens a request may ask for
    context: int  # prompt tokens + max_tokens may not exceed this
    max_batch: int
    max_queue: int


class ApiError(Exception):
    """A request the server will not run; the message says what to change."""

    def __init__(self, status: int, message: str, param: str | None = None):
        super().__init__(message)
        self.status, self.message, self.param = status, message, param

    def response(self) -> JSONResponse:
        code = {400: "invalid_request_error", 404: "not_found", 503: "overloaded"}.get(self.status, "error")
        return JSONResponse(
            {"error": {"message": self.message, "type": code, "param": self.param}}, status_code=self.status
        )


@dataclass
class ChatRequest:
    messages: list[dict[str, str]]
    max_tokens: int
    sampling: Sampling
    stream: bool


def _number(body: dict[str, Any], key: str) -> float | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ApiError(400, f"`{key}` must be a number, got {json.dumps(value)}.", key)
    return float(value)


def _content(message: dict[str, Any], index: int) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(isinstance(p, dict) and p.get("type") == "text" for p in content):
        return "".join(str(p.get("text", "")) for p in content)
    raise ApiError(
        400,
        f'messages[{index}].content must be a string (or a list of {{"type": "text"}} parts); '
        f"got {json.dumps(content)[:80]}.",
        f"messages[{index}].content",
    )


def parse_messages(body: dict[str, Any]) -> list[dict[str, str]]:
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise ApiError(
            400,
            '`messages` must be a non-empty list of {"role": ..., "content": ...} objects; '
            "add at least one user message.",
            "messages",
        )
    out = []
    for i, message in enumerate(messages):
        if not isinstance(message, dict):
            raise ApiError(
                400, f"messages[{i}] must be an object with `role` and `content`.", f"messages[{i}]"
            )
        role = ROLE_ALIASES.get(message.get("role"), message.get("role"))
        if role not in ROLES:
            raise ApiError(
                400,
                f"messages[{i}].role={json.dumps(message.get('role'))} is not supported: use one of "
                f"{', '.join(ROLES)}.",
                f"messages[{i}].role",
            )
        out.append({"role": role, "content": _content(message, i)})
    if out[-1]["role"] == "assistant":
        raise ApiError(
            400,
            "the last message is from the assistant: end `messages` with a user message for the "
            "model to answer.",
            "messages",
        )
    return out


def parse_request(body: Any, defaults: dict[str, Any], limits: Limits) -> ChatRequest:
    """Validate an OpenAI chat-completions body against the limits; raises ApiError saying what to fix."""
    if not isinstance(body, dict):
        raise ApiError(
            400,
            "the request body must be a JSON object such as "
            '{"messages": [{"role": "user", "content": "Hello"}]}.',
        )
    messages = parse_messages(body)
    if body.get("n", 1) != 1:
        raise ApiError(
            400,
            f"`n`={json.dumps(body.get('n'))} is not supported: this server returns one choice; "
            "omit `n` or set it to 1.",
            "n",
        )
    if body.get("stop") not in (None, [], ""):
        raise ApiError(
            400,
            "`stop` sequences are not supported by this server: remove `stop` (generation ends at the "
            "model's end-of-turn token or max_tokens).",
            "stop",
        )
    key = "max_tokens" if "max_tokens" in body else "max_completion_tokens"
    raw_max = body.get(key)
    max_tokens = int(defaults["max_new_tokens"]) if raw_max is None else raw_max
    if (
        isinstance(max_tokens, bool)
        or not isinstance(max_tokens, int)
        or not 1 <= max_tokens <= limits.max_new_tokens
    ):
        raise ApiError(
            400,
            f"`{key}`={json.dumps(raw_max)} is out of range: use an integer from 1 to "
            f"{limits.max_new_tokens}.",
            key,
        )
    temperature, top_p = _number(body, "temperature"), _number(body, "top_p")
    if temperature is not None and not 0.0 <= temperature <= MAX_TEMPERATURE:
        raise ApiError(
            400,
            f"`temperature`={temperature:g} is out of range: use a value from 0 to {MAX_TEMPERATURE:g} "
            "(0 means greedy decoding).",
            "temperature",
        )
    if top_p is not None and not 0.0 < top_p <= 1.0:
        raise ApiError(400, f"`top_p`={top_p:g} is out of range: use a value in (0, 1].", "top_p")
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise ApiError(400, f"`stream` must be true or false, got {json.dumps(stream)}.", "stream")
    # A request's temperature decides sampling (0 = greedy, as in the OpenAI API); else the run's setting.
    do_sample = bool(defaults["do_sample"]) if temperature is None else temperature > 0
    sampling = Sampling(
        do_sample=do_sample,
        temperature=float(temperature if temperature else defaults["temperature"]) if do_sample else 1.0,
        top_p=float(top_p if top_p is not None else defaults["top_p"]) if do_sample else 1.0,
        repetition_penalty=float(defaults.get("repetition_penalty", 1.0)),
    )
    return ChatRequest(messages=messages, max_tokens=max_tokens, sampling=sampling, stream=stream)


# ---- the batching engine -----------------------------------------------------------------------------------
class QueueFull(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"queue full; retry after {retry_after}s")
        self.retry_after = retry_after


@dataclass
class Job:
    """One request on its way through the engine; events go back to the request's event loop."""

    prompt_ids: list[int]
    max_tokens: int
    sampling: Sampling
    loop: asyncio.AbstractEventLoop
    events: asyncio.Queue = field(default_factory=asyncio.Queue)
    tokens: list[int] = field(default_factory=list)
    text: str = ""
    finish_reason: str | None = None
    cancelled: bool = False

    def emit(self, kind: str, payload: Any) -> None:
        try:
            self.loop.call_soon_threadsafe(self.events.put_nowait, (kind, payload))
        except RuntimeError:  # the event loop has closed (server shutting down): nobody is listening
            self.cancelled = True

    @property
    def done(self) -> bool:
        return self.finish_reason is not None or self.cancelled


class _BatchStreamer:
    """Receives each step's new tokens from `generate` and turns them into per-request text deltas."""

    def __init__(self, jobs: list[Job], tokenizer: Any, stop_ids: set[int]):
        self.jobs, self.tokenizer, self.stop_ids = jobs, tokenizer, stop_ids
        self.prompt_seen = False

    def put(self, value: torch.Tensor) -> None:
        if not self.prompt_seen:  # the first call carries the prompts
            self.prompt_seen = True
            return
        for job, token in zip(self.jobs, value.reshape(len(self.jobs), -1)[:, -1].tolist(), strict=True):
            if job.done:
                continue
            if token in self.stop_ids:
                job.finish_reason = "stop"
                continue
            job.tokens.append(token)
            text = self.tokenizer.decode(job.tokens, skip_special_tokens=True)
            if not text.endswith("\ufffd"):  # hold back half a multi-byte character until it completes
                delta, job.text = text[len(job.text) :], text
                if delta:
                    job.emit("delta", delta)
            if len(job.tokens) >= job.max_tokens:
                job.finish_reason = "length"

    def end(self) -> None:
        for job in self.jobs:
            if job.finish_reason is None:
                job.finish_reason = "length"


class _RowsDone:
    """Stops each row as soon as its own request is finished (max_tokens, end of turn, or a gone client)."""

    def __init__(self, jobs: list[Job]):
        self.jobs = jobs

    def __call__(self, input_ids: torch.Tensor, scores: Any, **kwargs: Any) -> torch.Tensor:
        return torch.tensor([job.done for job in self.jobs], dtype=torch.bool, device=input_ids.device)


class Engine:
    """A worker thread that batches waiting requests and runs `generate` on them."""

    def __init__(self, model: Any, tokenizer: Any, max_batch: int, max_queue: int):
        self.model, self.tokenizer = model, tokenizer
        self.max_batch, self.max_queue = max_batch, max_queue
        self.stop_ids = _stop_ids(model, tokenizer)
        self.device = next(model.parameters()).device
        self._waiting: deque[Job] = deque()
        self._cond = threading.Condition()
        self._running = False
        self._thread: threading.Thread | None = None
        self._batch_seconds = 1.0  # running mean, for Retry-After
        self.stats = {"requests": 0, "batches": 0, "rejected": 0, "largest_batch": 0}

    def start(self) -> None:
        self._running = True
        self._thread = threading.Thread(target=self._loop, name="lorasweep-generate", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._running = False
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=30)

    @property
    def queued(self) -> int:
        return len(self._waiting)

    def submit(self, job: Job) -> None:
        with self._cond:
            if len(self._waiting) >= self.max_queue:
                self.stats["rejected"] += 1
                batches_ahead = math.ceil(len(self._waiting) / self.max_batch) + 1
                raise QueueFull(max(1, math.ceil(self._batch_seconds * batches_ahead)))
            self._waiting.append(job)
            self.stats["requests"] += 1
            self._cond.notify()

    def _take_batch(self) -> list[Job] | None:
        with self._cond:
            while self._running and not self._waiting:
                self._cond.wait()
            if not self._running:
                return None
            deadline = time.monotonic() + BATCH_WINDOW_S
            while len(self._waiting) < self.max_batch and (left := deadline - time.monotonic()) > 0:
                self._cond.wait(left)
            # Requests with other sampling settings stay queued, in order, for the next batch.
            key = self._waiting[0].sampling
            batch = [j for j in self._waiting if j.sampling == key][: self.max_batch]
            for job in batch:
                self._waiting.remove(job)
            return batch

    def _loop(self) -> None:
        while (batch := self._take_batch()) is not None:
            started = time.monotonic()
            try:
                self._generate(batch)
                for job in batch:
                    job.emit("done", job.finish_reason or "length")
            except Exception as err:  # one bad batch must not stop the server
                log.exception("generation failed for a batch of %d", len(batch))
                for job in batch:
                    job.emit("error", f"generation failed: {type(err).__name__}: {err}")
            elapsed = time.monotonic() - started
            self._batch_seconds = 0.8 * self._batch_seconds + 0.2 * elapsed
            self.stats["batches"] += 1
            self.stats["largest_batch"] = max(self.stats["largest_batch"], len(batch))

    @torch.inference_mode()
    def _generate(self, batch: list[Job]) -> None:
        from transformers import StoppingCriteriaList

        enc = self.tokenizer.pad(
            {"input_ids": [j.prompt_ids for j in batch]}, padding=True, return_tensors="pt"
        )
        sampling = batch[0].sampling
        kwargs: dict[str, Any] = {
            "do_sample": sampling.do_sample,
            "repetition_penalty": sampling.repetition_penalty,
        }
        if sampling.do_sample:
            kwargs.update(temperature=sampling.temperature, top_p=sampling.top_p)
        else:
            kwargs.update(temperature=None, top_p=None, top_k=None)
        self.model.generate(
            input_ids=enc["input_ids"].to(self.device),
            attention_mask=enc["attention_mask"].to(self.device),
            max_new_tokens=max(j.max_tokens for j in batch),
            pad_token_id=self.tokenizer.pad_token_id,
            eos_token_id=sorted(self.stop_ids),
            streamer=_BatchStreamer(batch, self.tokenizer, self.stop_ids),
            stopping_criteria=StoppingCriteriaList([_RowsDone(batch)]),
            **kwargs,
        )


def _stop_ids(model: Any, tokenizer: Any) -> set[int]:
    ids = set()
    for value in (tokenizer.eos_token_id, getattr(model.generation_config, "eos_token_id", None)):
        if isinstance(value, int):
            ids.add(value)
        elif isinstance(value, (list, tuple)):
            ids.update(int(v) for v in value)
    return ids


# ---- loading what to serve ---------------------------------------------------------------------------------
@dataclass
class Served:
    """The loaded model and everything /info reports about it."""

    model: Any
    tokenizer: Any
    model_id: str
    generation: dict[str, Any]
    info: dict[str, Any]
    context: int
    system_role: str = "native"


def load_served(folder: Path, weights: str = "auto") -> Served:
    """Load a run folder (base + adapter) or an export folder (merged/ when present, else base + adapter)."""
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from lorasweep import device, merging
    from lorasweep.export import read_source, require_adapter

    source = read_source(folder)
    use_merged = source.merged_dir is not None and weights in ("auto", "merged")
    if weights == "merged" and source.merged_dir is None:
        raise SystemExit(
            f"--weights merged: {folder} has no merged/ model; export it with --merge dequantized."
        )
    hw = device.Hardware.detect()
    if use_merged:
        tokenizer = AutoTokenizer.from_pretrained(str(source.merged_dir))
        model = AutoModelForCausalLM.from_pretrained(
            str(source.merged_dir), dtype=device.torch_dtype(source.precision)
        )
        model.to("cuda" if hw.cuda else "cpu")
        how = "merged model from the export's merged/ folder"
    else:
        require_adapter(source)
        spec = source.base_spec()
        tokenizer = AutoTokenizer.from_pretrained(str(source.adapter_dir))
        quantized = spec.quantization != "none"
        base = merging.load_base(spec, len(tokenizer), quantized=quantized)
        model = PeftModel.from_pretrained(base, str(source.adapter_dir), is_trainable=False)
        if not quantized:
            # Exact up to float rounding on a full-precision base, and generation skips the adapter's matmuls.
            model = model.merge_and_unload()
            how = "base model with the adapter merged in memory (full precision)"
        else:
            how = f"adapter on the {spec.quantization} base, as trained"
    model.eval()
    tokenizer.padding_side = "left"  # generation continues from the right edge of every row
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    context = int(getattr(model.config, "max_position_embeddings", 0) or 0) or 2048
    if isinstance(tokenizer.model_max_length, int) and tokenizer.model_max_length < context:
        context = tokenizer.model_max_length
    generation = dict(source.config.get("generation") or {})
    generation.setdefault("max_new_tokens", 256)
    generation.setdefault("do_sample", False)
    generation.setdefault("temperature", 0.7)
    generation.setdefault("top_p", 0.9)
    generation.setdefault("repetition_penalty", 1.0)
    info = {
        "model": f"lorasweep/{source.root.resolve().name}",
        "base_model": source.base_model_name(),
        "adapter": str(source.adapter_dir.resolve()),
        "merged": str(source.merged_dir.resolve()) if use_merged else None,
        "weights": how,
        "source": {"kind": source.kind, "path": str(source.root.resolve())},
        "config_digest": source.config_digest,
        "quantization": source.quantization,
        "device": "cuda" if hw.cuda else "cpu",
        "metrics": {
            k: source.metrics.get(k) for k in ("eval_loss", "eval_perplexity") if k in source.metrics
        },
    }
    return Served(
        model=model,
        tokenizer=tokenizer,
        model_id=info["model"],
        generation=generation,
        info=info,
        context=context,
        system_role=source.config.get("model", {}).get("system_role", "native"),
    )


def prompt_ids(served: Served, messages: list[dict[str, str]]) -> list[int]:
    """Token ids of the chat-formatted conversation, ending in the assistant header."""
    if (
        served.system_role == "merge_into_user"
        and messages
        and messages[0]["role"] == "system"
        and len(messages) > 1
    ):
        # The template rejects a system turn (as in training): fold it into the first user message.
        first = dict(messages[1])
        first["content"] = f"{messages[0]['content']}\n\n{first['content']}"
        messages = [first, *messages[2:]]
    text = served.tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
    return served.tokenizer(text, add_special_tokens=False)["input_ids"]


# ---- the HTTP app ------------------------------------------------------------------------------------------
def create_app(served: Served, engine: Engine, limits: Limits) -> Any:
    """The FastAPI app; the engine's worker starts and stops with it."""
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        engine.start()
        yield
        engine.stop()

    app = FastAPI(title="lorasweep serve", lifespan=lifespan)
    digest_info = {
        **served.info,
        "generation_defaults": served.generation,
        "limits": {
            "max_tokens": limits.max_new_tokens,
            "context": limits.context,
            "max_batch": limits.max_batch,
            "max_queue": limits.max_queue,
            "temperature": [0.0, MAX_TEMPERATURE],
            "top_p": "(0, 1]",
        },
    }

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, err: ApiError) -> JSONResponse:
        return err.response()

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok", "queued": engine.queued, "max_queue": limits.max_queue, **engine.stats}

    @app.get("/info")
    async def info() -> dict[str, Any]:
        return digest_info

    @app.post("/v1/chat/completions")
    async def chat_completions(request: Request) -> Any:
        raw = await request.body()
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as err:
            raise ApiError(
                400,
                f"the request body is not valid JSON ({err}): send a JSON object such as "
                '{"messages": [{"role": "user", "content": "Hello"}]}.',
            ) from None
        chat = parse_request(body, served.generation, limits)
        ids = prompt_ids(served, chat.messages)
        if len(ids) + chat.max_tokens > limits.context:
            raise ApiError(
                400,
                f"the prompt is {len(ids)} tokens and max_tokens is {chat.max_tokens}: together "
                f"they exceed the context limit of {limits.context} tokens. Shorten the messages "
                f"(to at most {max(limits.context - chat.max_tokens, 0)} prompt tokens) or lower "
                "max_tokens.",
                "messages",
            )
        job = Job(
            prompt_ids=ids,
            max_tokens=chat.max_tokens,
            sampling=chat.sampling,
            loop=asyncio.get_running_loop(),
        )
        try:
            engine.submit(job)
        except QueueFull as full:
            return JSONResponse(
                {
                    "error": {
                        "message": f"the server is at capacity ({limits.max_queue} requests waiting): retry "
                        "in "
                        f"about {full.retry_after}s.",
                        "type": "overloaded",
                        "param": None,
                    }
                },
                status_code=503,
                headers={"Retry-After": str(full.retry_after)},
            )
        completion_id, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
        if chat.stream:
            return StreamingResponse(
                _sse(job, completion_id, created, served.model_id),
                media_type="text/event-stream",
                headers={"Cache-Control": "no-cache"},
            )
        return await _complete(job, completion_id, created, served.model_id)

    return app


async def _complete(job: Job, completion_id: str, created: int, model_id: str) -> Any:
    try:
        while True:
            kind, payload = await job.events.get()
            if kind == "error":
                return JSONResponse(
                    {"error": {"message": payload, "type": "server_error", "param": None}}, status_code=500
                )
            if kind == "done":
                break
    finally:
        job.cancelled = job.finish_reason is None  # the client went away: stop spending tokens on it
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": model_id,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": job.text}, "finish_reason": payload}
        ],
        "usage": {
            "prompt_tokens": len(job.prompt_ids),
            "completion_tokens": len(job.tokens),
            "total_tokens": len(job.prompt_ids) + len(job.tokens),
        },
    }


async def _sse(job: Job, completion_id: str, created: int, model_id: str) -> AsyncIterator[str]:
    def chunk(delta: dict[str, Any], finish: str | None) -> str:
        payload = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model_id,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

    try:
        yield chunk({"role": "assistant", "content": ""}, None)
        while True:
            kind, payload = await job.events.get()
            if kind == "delta":
                yield chunk({"content": payload}, None)
            elif kind == "error":
                yield f"data: {json.dumps({'error': {'message': payload, 'type': 'server_error'}})}\n\n"
                break
            else:
                yield chunk({}, payload)
                break
        yield "data: [DONE]\n\n"
    finally:
        job.cancelled = job.finish_reason is None


# ---- command line ------------------------------------------------------------------------------------------
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m lorasweep.serve",
        description="Serve a run or export folder over an OpenAI-compatible HTTP API: POST "
        "/v1/chat/completions "
        "(streaming or not), GET /health, GET /info.",
    )
    parser.add_argument("folder", type=Path, help="a run folder (base model + adapter) or an export folder")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default 127.0.0.1: this machine only; 0.0.0.0 exposes it to the network)",
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--max-batch", type=int, default=8, help="requests generated together (default 8)")
    parser.add_argument(
        "--max-queue",
        type=int,
        default=64,
        help="requests that may wait; beyond this the server answers 503 with Retry-After (default 64)",
    )
    parser.add_argument(
        "--max-tokens-limit",
        type=int,
        default=1024,
        help="the largest max_tokens a request may ask for (default 1024, never below the run's "
        "generation.max_new_tokens)",
    )
    parser.add_argument(
        "--max-context",
        type=int,
        default=None,
        help="prompt + max_tokens limit (default: the model's maximum position embeddings)",
    )
    parser.add_argument(
        "--weights",
        choices=("auto", "adapter", "merged"),
        default="auto",
        help="for an export folder: serve merged/ (auto when present) or base + adapter",
    )
    parser.add_argument("--log-level", default="info", help="uvicorn log level (default info)")
    return parser.parse_args(argv)


def build(args: argparse.Namespace) -> tuple[Any, Served, Engine, Limits]:
    """Load the model and assemble the app from parsed arguments (what `main` runs; tests call it too)."""
    problems = [
        f"--{name.replace('_', '-')}={getattr(args, name)} must be at least 1"
        for name in ("max_batch", "max_queue", "max_tokens_limit")
        if getattr(args, name) < 1
    ]
    if problems:
        raise SystemExit("; ".join(problems))
    served = load_served(args.folder, args.weights)
    context = min(args.max_context, served.context) if args.max_context else served.context
    limits = Limits(
        max_new_tokens=max(args.max_tokens_limit, int(served.generation["max_new_tokens"])),
        context=context,
        max_batch=args.max_batch,
        max_queue=args.max_queue,
    )
    engine = Engine(served.model, served.tokenizer, args.max_batch, args.max_queue)
    return create_app(served, engine, limits), served, engine, limits


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app, served, _, limits = build(args)
    log.info(
        "serving %s (%s) on http://%s:%d, batch %d, queue %d",
        served.model_id,
        served.info["weights"],
        args.host,
        args.port,
        limits.max_batch,
        limits.max_queue,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)


if __name__ == "__main__":
    main()
