"""The HTTP server, for real: uvicorn on a free loopback port serving the smoke run, under concurrent load,
with every kind of bad input, a full queue, and an export folder."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import uvicorn

from lorasweep import serve

HELLO = [{"role": "user", "content": "Say hello in one short sentence."}]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RunningServer:
    """`python -m lorasweep.serve` minus the process: the same app under a real uvicorn, in a thread."""

    def __init__(self, *argv: str):
        self.port = free_port()
        args = serve.parse_args([*argv, "--port", str(self.port)])
        self.app, self.served, self.engine, self.limits = serve.build(args)
        self.server = uvicorn.Server(
            uvicorn.Config(self.app, host=args.host, port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> RunningServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture(scope="module")
def server(smoke_run_dir: Path) -> Iterator[RunningServer]:
    with RunningServer(
        str(smoke_run_dir), "--max-batch", "8", "--max-queue", "64", "--max-tokens-limit", "64"
    ) as s:
        yield s


def chat(url: str, timeout: float = 60, **body: object) -> httpx.Response:
    body.setdefault("messages", HELLO)
    return httpx.post(f"{url}/v1/chat/completions", json=body, timeout=timeout)


def test_health_and_info(server: RunningServer, smoke_run_dir: Path) -> None:
    health = httpx.get(f"{server.url}/health").json()
    assert health["status"] == "ok" and health["max_queue"] == 64
    info = httpx.get(f"{server.url}/info").json()
    assert info["base_model"] == "embedded:tiny-random-llama"
    assert Path(info["adapter"]) == (smoke_run_dir / "adapter").resolve()
    digest = hashlib.sha256((smoke_run_dir / ".hydra" / "config.yaml").read_bytes()).hexdigest()[:16]
    assert info["config_digest"] == digest
    assert info["generation_defaults"]["max_new_tokens"] == 16  # experiment=smoke's generation config
    assert info["limits"]["max_tokens"] == 64 and info["limits"]["context"] == 2048


def test_non_streaming_completion_is_openai_shaped_and_greedy_by_default(server: RunningServer) -> None:
    first = chat(server.url, max_tokens=5)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["object"] == "chat.completion" and body["id"].startswith("chatcmpl-")
    choice = body["choices"][0]
    assert choice["message"]["role"] == "assistant" and isinstance(choice["message"]["content"], str)
    assert choice["finish_reason"] in ("stop", "length")
    assert 1 <= body["usage"]["completion_tokens"] <= 5
    assert (
        body["usage"]["total_tokens"] == body["usage"]["prompt_tokens"] + body["usage"]["completion_tokens"]
    )
    again = chat(server.url, max_tokens=5).json()
    assert (
        again["choices"][0]["message"]["content"] == choice["message"]["content"]
    )  # run default: do_sample false
    default = chat(server.url).json()  # no max_tokens: the run's generation.max_new_tokens
    assert default["usage"]["completion_tokens"] <= 16
    sampled = chat(server.url, max_tokens=4, temperature=1.5, top_p=0.5)
    assert sampled.status_code == 200 and sampled.json()["usage"]["completion_tokens"] <= 4


def test_streaming_sends_chunks_that_add_up_to_the_completion(server: RunningServer) -> None:
    expected = chat(server.url, max_tokens=6).json()["choices"][0]
    with httpx.stream(
        "POST",
        f"{server.url}/v1/chat/completions",
        timeout=60,
        json={"messages": HELLO, "max_tokens": 6, "stream": True},
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = [line[len("data: ") :] for line in response.iter_lines() if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert chunks[-1]["choices"][0]["finish_reason"] == expected["finish_reason"]
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert text == expected["message"]["content"]


def test_concurrent_load_is_batched_and_every_request_answered(server: RunningServer) -> None:
    before = httpx.get(f"{server.url}/health").json()
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(
            pool.map(
                lambda i: chat(
                    server.url,
                    max_tokens=8,
                    messages=[{"role": "user", "content": f"Request number {i}: name a colour."}],
                ),
                range(16),
            )
        )
    assert [r.status_code for r in responses] == [200] * 16
    assert all(r.json()["usage"]["completion_tokens"] >= 1 for r in responses)
    after = httpx.get(f"{server.url}/health").json()
    assert after["requests"] - before["requests"] == 16
    assert after["batches"] - before["batches"] < 16  # some requests shared a generate call
    assert after["largest_batch"] > 1


LONG = "word " * 2500  # ~2,500 tokens: over the tiny model's 2,048-token context


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        (b'{"messages": [', 400, "not valid JSON"),
        (b'["a list"]', 400, "must be a JSON object"),
        ({"messages": []}, 400, "non-empty list"),
        ({"prompt": "hi"}, 400, "`messages` must be a non-empty list"),
        ({"messages": [{"role": "robot", "content": "hi"}]}, 400, "use one of system, user, assistant"),
        ({"messages": [{"role": "user", "content": 5}]}, 400, "content must be a string"),
        ({"messages": [{"role": "user", "content": LONG}]}, 400, "exceed the context limit of 2048 tokens"),
        ({"messages": HELLO, "max_tokens": 65}, 400, "use an integer from 1 to 64"),
        ({"messages": HELLO, "max_tokens": 0}, 400, "use an integer from 1 to 64"),
        ({"messages": HELLO, "max_tokens": "ten"}, 400, "use an integer from 1 to 64"),
        ({"messages": HELLO, "temperature": 2.5}, 400, "use a value from 0 to 2"),
        ({"messages": HELLO, "temperature": -0.1}, 400, "use a value from 0 to 2"),
        ({"messages": HELLO, "temperature": "hot"}, 400, "`temperature` must be a number"),
        ({"messages": HELLO, "top_p": 0}, 400, "use a value in (0, 1]"),
        ({"messages": HELLO, "n": 3}, 400, "omit `n` or set it to 1"),
    ],
)
def test_bad_input_gets_a_4xx_saying_what_to_change(
    server: RunningServer, body: object, status: int, fragment: str
) -> None:
    if isinstance(body, bytes):
        response = httpx.post(
            f"{server.url}/v1/chat/completions",
            content=body,
            headers={"content-type": "application/json"},
            timeout=30,
        )
    else:
        response = httpx.post(f"{server.url}/v1/chat/completions", json=body, timeout=30)
    assert response.status_code == status
    error = response.json()["error"]
    assert fragment in error["message"]
    assert error["type"] == "invalid_request_error"
    assert chat(server.url, max_tokens=2).status_code == 200  # and the server keeps serving


def test_full_queue_answers_503_with_retry_after_and_loses_nothing(smoke_run_dir: Path) -> None:
    with RunningServer(str(smoke_run_dir), "--max-batch", "1", "--max-queue", "1") as small:
        with ThreadPoolExecutor(max_workers=8) as pool:
            responses = list(pool.map(lambda i: chat(small.url, max_tokens=48), range(8)))
        statuses = [r.status_code for r in responses]
        assert set(statuses) <= {200, 503} and statuses.count(200) >= 2 and 503 in statuses
        for response in responses:
            if response.status_code == 503:
                assert int(response.headers["Retry-After"]) >= 1
                assert "retry in about" in response.json()["error"]["message"]
            else:
                assert response.json()["usage"]["completion_tokens"] >= 1
        health = httpx.get(f"{small.url}/health").json()
        assert health["rejected"] == statuses.count(503) and health["requests"] == statuses.count(200)
        assert chat(small.url, max_tokens=2).status_code == 200


def test_serving_an_export_with_a_merged_model(
    smoke_run_dir: Path, server: RunningServer, tmp_path: Path
) -> None:
    from lorasweep.export import export

    out = export(smoke_run_dir, tmp_path / "export", merge="full", fidelity_prompts=1, fidelity_tokens=16).out
    expected = chat(server.url, max_tokens=6).json()["choices"][0]["message"]["content"]
    with RunningServer(str(out)) as exported:
        info = httpx.get(f"{exported.url}/info").json()
        assert info["source"]["kind"] == "export" and info["merged"] == str((out / "merged").resolve())
        assert info["config_digest"] == server.served.info["config_digest"]
        # The merged weights and the in-memory merge of the run folder answer the same greedy request alike.
        assert chat(exported.url, max_tokens=6).json()["choices"][0]["message"]["content"] == expected


@pytest.mark.slow
def test_command_line_server_binds_loopback_by_default(smoke_run_dir: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lorasweep.serve", str(smoke_run_dir), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else "server exited"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server did not come up"
            time.sleep(0.5)
        assert chat(f"http://127.0.0.1:{port}", max_tokens=3).status_code == 200
        listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True).stdout
        local_addresses = [line.split()[3] for line in listening.splitlines()]
        assert local_addresses == [f"127.0.0.1:{port}"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
