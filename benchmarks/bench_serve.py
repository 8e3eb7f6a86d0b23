"""Load benchmark of `python -m lorasweep.serve` on loopback with the smoke model.

Usage: .venv/bin/python benchmarks/bench_serve.py [--run RUN_FOLDER] [--requests 48] [--max-tokens 32]

Without --run it trains `experiment=smoke` into a temporary folder (about a minute on 2 CPU cores). Then it
starts the real server in a subprocess (--max-batch 8), sends the same fixed number of chat requests at
concurrency 1 and at concurrency 8 (every request a different prompt, greedy, a fixed max_tokens), and reports
requests/s, completion tokens/s, p50/p95 latency and lost requests (anything that did not come back 200).
Goal: at least 2x the requests/s at concurrency 8 compared with 1, with no request lost.
Figures go to benchmarks/results/serve.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
TOPICS = ("a bicycle", "a kettle", "the moon", "a library", "rain", "a violin", "chess", "a lighthouse")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def smoke_run(workdir: Path) -> Path:
    run = workdir / "smoke-run"
    print("training experiment=smoke into", run, flush=True)
    subprocess.run(
        [sys.executable, "train.py", "experiment=smoke", f"hydra.run.dir={run}"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return run


def start_server(run: Path, port: int, max_batch: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lorasweep.serve",
            str(run),
            "--port",
            str(port),
            "--max-batch",
            str(max_batch),
            "--max-queue",
            "256",
            "--log-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    proc.terminate()
    raise RuntimeError("the server did not come up within 180 s")


def one_request(client: httpx.Client, url: str, index: int, max_tokens: int) -> tuple[int, float, int]:
    topic = TOPICS[index % len(TOPICS)]
    body = {
        "messages": [{"role": "user", "content": f"Request {index}: describe {topic} in one sentence."}],
        "max_tokens": max_tokens,
        "temperature": 0,
    }
    started = time.perf_counter()
    try:
        response = client.post(url, json=body, timeout=300)
    except httpx.HTTPError:
        return 0, time.perf_counter() - started, 0
    elapsed = time.perf_counter() - started
    tokens = response.json()["usage"]["completion_tokens"] if response.status_code == 200 else 0
    return response.status_code, elapsed, tokens


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def load(url: str, requests: int, concurrency: int, max_tokens: int) -> dict[str, Any]:
    with (
        httpx.Client(limits=httpx.Limits(max_connections=concurrency)) as client,
        ThreadPoolExecutor(max_workers=concurrency) as pool,
    ):
        started = time.perf_counter()
        results = list(pool.map(lambda i: one_request(client, url, i, max_tokens), range(requests)))
        wall = time.perf_counter() - started
    ok = [r for r in results if r[0] == 200]
    latencies = [r[1] for r in ok]
    return {
        "concurrency": concurrency,
        "requests": requests,
        "ok": len(ok),
        "lost": requests - len(ok),
        "wall_s": round(wall, 3),
        "requests_per_s": round(len(ok) / wall, 3),
        "completion_tokens_per_s": round(sum(r[2] for r in ok) / wall, 1),
        "latency_p50_s": round(statistics.median(latencies), 3) if latencies else None,
        "latency_p95_s": round(percentile(latencies, 95), 3) if latencies else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--run", type=Path, default=None, help="a finished smoke run folder (default: train one)"
    )
    parser.add_argument(
        "--requests", type=int, default=48, help="requests per concurrency level (default 48)"
    )
    parser.add_argument("--max-tokens", type=int, default=32, help="max_tokens of every request (default 32)")
    parser.add_argument("--max-batch", type=int, default=8, help="the server's --max-batch (default 8)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        run = args.run or smoke_run(Path(tmp))
        port = free_port()
        proc = start_server(run, port, args.max_batch)
        url = f"http://127.0.0.1:{port}/v1/chat/completions"
        try:
            load(url, 4, 1, args.max_tokens)  # warm-up: first-call allocations, lazy imports
            levels = [load(url, args.requests, c, args.max_tokens) for c in (1, 8)]
            health = httpx.get(f"http://127.0.0.1:{port}/health").json()
        finally:
            proc.terminate()
            proc.wait(timeout=30)

    speedup = (
        levels[1]["requests_per_s"] / levels[0]["requests_per_s"] if levels[0]["requests_per_s"] else 0.0
    )
    lost = sum(level["lost"] for level in levels)
    figures = {
        "model": "experiment=smoke (tiny random Llama, fp32, CPU)",
        "max_tokens": args.max_tokens,
        "server_max_batch": args.max_batch,
        "levels": levels,
        "speedup_c8_vs_c1": round(speedup, 2),
        "lost": lost,
        "server": {k: health.get(k) for k in ("requests", "batches", "largest_batch", "rejected")},
        "goal": "requests/s at concurrency 8 >= 2x concurrency 1, no request lost",
        "goal_met": speedup >= 2.0 and lost == 0,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
    }
    for level in levels:
        print(
            f"concurrency {level['concurrency']}: {level['ok']}/{level['requests']} ok, "
            f"{level['requests_per_s']} req/s, {level['completion_tokens_per_s']} tok/s, "
            f"p50 {level['latency_p50_s']} s, p95 {level['latency_p95_s']} s"
        )
    print(f"speedup at concurrency 8: {speedup:.2f}x; lost: {lost}; goal met: {figures['goal_met']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "serve.json").write_text(json.dumps(figures, indent=2) + "\n")
    print("wrote", RESULTS / "serve.json")
    return 0 if figures["goal_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
