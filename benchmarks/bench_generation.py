"""Benchmark evaluation generation: generated tokens per second for the probe set, batched against one prompt
at a time, on the same model with the same settings (greedy, the same max_new_tokens).

Usage: .venv/bin/python benchmarks/bench_generation.py [--tiny] [--batch 8] [--max-new-tokens 64]

The default model is the embedded SmolLM2-135M-Instruct (built once into the cache, ~40 s); --tiny uses the
2-layer random Llama instead (seconds, but its timings say little about a real model). Goal: >= 3x at batch 8.
Tokens are counted up to each answer's end-of-turn token, so padding after a finished answer is not counted.
Writes benchmarks/results/generation.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
from pathlib import Path

import torch

from lorasweep import modeling
from lorasweep.embedded import materialize
from lorasweep.evaluation.generate import GenerationSettings, generate, timed_generate
from lorasweep.evaluation.runner import conversation
from lorasweep.evaluation.settings import read_probes

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
GOAL = 3.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiny", action="store_true", help="the tiny random Llama instead of SmolLM2-135M")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--max-new-tokens", type=int, default=64)
    args = parser.parse_args()

    cache = Path(os.environ.get("LORASWEEP_CACHE", "~/.cache/lorasweep")).expanduser()
    name = "tiny-random-llama" if args.tiny else "smollm2-135m-instruct"
    path = str(materialize(name, cache))
    tokenizer, _ = modeling.load_tokenizer(path, {})
    model = modeling.AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32)
    probes = read_probes({"embedded": "probes.jsonl", "fields": {"id": "id", "question": "question"}})
    conversations = [conversation(p["question"], None, "native") for p in probes]
    settings = GenerationSettings.from_mapping(
        {"max_new_tokens": args.max_new_tokens, "do_sample": False, "repetition_penalty": 1.1}
    )

    generate(model, tokenizer, conversations[:1], GenerationSettings.from_mapping({"max_new_tokens": 4}), 1)
    single, single_s = timed_generate(model, tokenizer, conversations, settings, batch_size=1, seed=0)
    batched, batched_s = timed_generate(model, tokenizer, conversations, settings, args.batch, seed=0)
    single_tokens = sum(g.new_tokens for g in single)
    batched_tokens = sum(g.new_tokens for g in batched)
    result = {
        "model": name,
        "prompts": len(conversations),
        "batch_size": args.batch,
        "max_new_tokens": args.max_new_tokens,
        "decoding": "greedy, repetition_penalty 1.1",
        "one_at_a_time": {"tokens": single_tokens, "seconds": round(single_s, 2),
                          "tokens_per_s": round(single_tokens / single_s, 1)},
        "batched": {"tokens": batched_tokens, "seconds": round(batched_s, 2),
                    "tokens_per_s": round(batched_tokens / batched_s, 1)},
        "identical_answers": sum(a.text == b.text for a, b in zip(single, batched, strict=True)),
        "torch_threads": torch.get_num_threads(),
        "cpu_count": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "platform": platform.platform(),
    }
    result["speedup"] = round(result["batched"]["tokens_per_s"] / result["one_at_a_time"]["tokens_per_s"], 2)
    result["goal"] = f">= {GOAL}x at batch 8"
    result["meets_goal"] = result["speedup"] >= GOAL
    print(f"{name}: {len(conversations)} probes, max_new_tokens={args.max_new_tokens}, greedy")
    print(f"  one at a time : {single_tokens} tokens in {single_s:.1f} s = "
          f"{single_tokens / single_s:.1f} tokens/s")
    print(f"  batch of {args.batch:<4} : {batched_tokens} tokens in {batched_s:.1f} s = "
          f"{batched_tokens / batched_s:.1f} tokens/s")
    print(f"  speedup {result['speedup']}x (goal {GOAL}x); identical answers {result['identical_answers']}"
          f"/{len(conversations)}; load average {result['load_average_1m']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / ("generation_tiny.json" if args.tiny else "generation.json")
    target.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
