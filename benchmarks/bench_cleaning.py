"""Benchmark the row cleaner: noise left in kept answers, rows kept, and throughput.

Usage: .venv/bin/python benchmarks/bench_cleaning.py

For each file in ../shared/data (skipped with a printed reason when absent) it runs the `forum` preset and the
`chatdoctor_recipe` baseline on the first half plus the even-indexed rows of the second half (dev: used while
developing the patterns) and on the odd-indexed rows of the second half (held out: never looked at while writing
them; see split_rows), and measures the kept answers with the independent
detectors in lorasweep.data.noise. "broken start" counts kept answers that start with a lowercase letter or
punctuation when the raw answer did not: the over-scrubbing check (a cut in the middle of a clause leaves
such a fragment). Throughput is measured on a generated ChatDoctor-shaped set of 112,165 rows (templates
below, all written here).
Only figures are written to benchmarks/results/; no data rows are.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from omegaconf import OmegaConf

from lorasweep.data.cleaning import CleaningRules, clean_records
from lorasweep.data.noise import ends_with_signoff, filler_opening, names_platform, opens_with_greeting

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
CONF = ROOT / "conf" / "data" / "cleaning"
RESULTS = ROOT / "benchmarks" / "results"
CONFIGS = ("forum", "chatdoctor_recipe")
SYNTHETIC_ROWS = 112_165

# The published shape of each development file -> system/question/answer. ai_medical_chatbot's Description
# is a question title, not a system prompt, so that set has no system.
MAPPINGS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "ai_medical_chatbot_sample.jsonl": lambda r: {
        "system": None,
        "question": r.get("Patient"),
        "answer": r.get("Doctor"),
    },
    "chatdoctor_genmedgpt5k.jsonl": lambda r: {
        "system": r.get("instruction"),
        "question": r.get("input"),
        "answer": r.get("output"),
    },
}


def load_rules(name: str) -> CleaningRules:
    """Build rules from a preset YAML exactly as the config group would supply them."""
    return CleaningRules.from_mapping(OmegaConf.load(CONF / f"{name}.yaml"))


def _pct(n: int, d: int) -> float:
    return round(100.0 * n / d, 1) if d else 0.0


def _broken_start(raw: str, kept: str) -> bool:
    """Kept answer starts with a lowercase letter/punctuation although the raw one did not."""
    raw_s, kept_s = raw.lstrip(), kept.lstrip()
    raw_ok = bool(raw_s) and (raw_s[0].isupper() or raw_s[0].isdigit())
    kept_bad = bool(kept_s) and (kept_s[0].islower() or not (kept_s[0].isalnum() or kept_s[0] in "\"'(["))
    return raw_ok and kept_bad


def measure(records: list[dict[str, Any]], rules: CleaningRules) -> dict[str, Any]:
    """Clean and audit one slice; returns the figures for the table."""
    out = clean_records(records, rules)
    answers = [r["answer"] for r in out.kept]
    n = len(answers)
    # Map kept answers back to their raw answer by question+position to check for broken starts.
    raw_by_question: dict[str, str] = {}
    for rec in records:
        q, a = rec.get("question"), rec.get("answer")
        if isinstance(q, str) and isinstance(a, str):
            raw_by_question.setdefault(" ".join(q.split()), a)
    broken = sum(
        _broken_start(raw_by_question.get(" ".join(r["question"].split()), "A"), r["answer"])
        for r in out.kept
    )
    return {
        "rows": out.rows_in,
        "kept_pct": _pct(n, out.rows_in),
        "greeting_pct": _pct(sum(map(opens_with_greeting, answers)), n),
        "platform_pct": _pct(sum(map(names_platform, answers)), n),
        "signoff_pct": _pct(sum(map(ends_with_signoff, answers)), n),
        "filler_pct": _pct(sum(map(filler_opening, answers)), n),
        "broken_start_pct": _pct(broken, n),
        "dropped": out.dropped,
        "scrubbed": out.scrubbed,
    }


def raw_figures(records: list[dict[str, Any]]) -> dict[str, float]:
    """The same detectors on the raw answers, for reference."""
    answers = [r["answer"] for r in records if isinstance(r.get("answer"), str)]
    n = len(answers)
    return {
        "greeting_pct": _pct(sum(map(opens_with_greeting, answers)), n),
        "platform_pct": _pct(sum(map(names_platform, answers)), n),
        "signoff_pct": _pct(sum(map(ends_with_signoff, answers)), n),
        "filler_pct": _pct(sum(map(filler_opening, answers)), n),
    }


def split_rows(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """dev = first half + even-indexed rows of the second half; held_out = odd-indexed rows of the second half.

    A file may change style part-way (ai_medical_chatbot_sample: iCliniq rows first, HealthCareMagic rows last),
    so a plain first/second-half split would leave the later style almost unseen while writing patterns.
    Interleaving the second half gives dev both styles and keeps held_out rows never looked at.
    """
    half = len(rows) // 2
    second = rows[half:]
    return {"dev": rows[:half] + second[0::2], "held_out": second[1::2]}


def real_data() -> dict[str, Any]:
    """Dev and held-out figures per file and config; {} with a printed reason when the data is absent."""
    if not DATA.is_dir():
        print(f"SKIP real-data figures: {DATA} is absent (development data is not shipped with the project)")
        return {}
    results: dict[str, Any] = {}
    for fname, mapper in MAPPINGS.items():
        path = DATA / fname
        if not path.is_file():
            print(f"SKIP {fname}: not found in {DATA}")
            continue
        with path.open(encoding="utf-8") as fh:
            rows = [mapper(json.loads(line)) for line in fh if line.strip()]
        slices = split_rows(rows)
        results[fname] = {"raw": {k: raw_figures(v) for k, v in slices.items()}}
        for cfg in CONFIGS:
            rules = load_rules(cfg)
            results[fname][cfg] = {k: measure(v, rules) for k, v in slices.items()}
    return results


# --- generated ChatDoctor-shaped rows for the speed figure (all text written here) -------------------------
_SYMPTOMS = [
    "a dull headache",
    "lower back pain",
    "a dry cough",
    "itchy skin on my arms",
    "burning when I urinate",
    "pain in my left knee",
    "a sore throat",
    "heartburn after meals",
    "dizziness when I stand up",
    "swelling in my ankles",
    "a rash on my chest",
    "trouble sleeping",
    "pain under my right ribs",
]
_DURATIONS = ["for two days", "for a week", "since last month", "on and off for a year", "since yesterday"]
_CONTEXT = [
    "I am 34 years old and otherwise healthy.",
    "I take tablets for blood pressure.",
    "My father had the same problem.",
    "I have tried rest and warm water without relief.",
    "It gets worse in the evening and after exercise.",
    "I also feel tired most of the day.",
]
_OPENINGS = [
    "Hi, Thanks for using Chat Doctor.",
    "Hello, Welcome to Chat Doctor.",
    "Hi Dear,",
    "Thanks for your query.",
    "Hello and welcome to the forum. I have gone through your query.",
    "Hi. I understand your concern.",
    "",
]
_CAUSES = [
    "a viral infection",
    "muscle strain",
    "acid reflux",
    "an allergic reaction",
    "a urinary infection",
    "low iron levels",
    "inflammation of the joint",
    "dehydration",
    "a mild skin infection",
]
_ADVICE = [
    "Drink plenty of water and rest for a few days.",
    "Avoid spicy food and eat small meals.",
    "Apply a cold compress twice a day.",
    "Get a complete blood count and a urine test done.",
    "Keep the area clean and dry and avoid scratching.",
    "Do gentle stretching exercises every morning.",
    "Take a paracetamol tablet if the pain is severe, not more than three a day.",
    "If the symptoms persist beyond a week, see your physician for an examination.",
]
_ENDINGS = [
    "Take care.",
    "Hope this helps. Regards, Chat Doctor.",
    "Wish you good health.",
    "Best wishes, Chat Doctor.",
    "Regards",
    "For further information consult a physician online -->",
    "",
]


def synthetic_rows(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """ChatDoctor-shaped rows with forum noise, some duplicates and some short answers."""
    rng = random.Random(seed)
    system = "If you are a doctor, please answer the medical questions based on the patient's description."
    rows = []
    for i in range(n):
        if i and i % 50 == 0:
            rows.append(dict(rows[rng.randrange(len(rows))]))  # exact duplicate
            continue
        q = (
            f"Hello doctor, I have had {rng.choice(_SYMPTOMS)} {rng.choice(_DURATIONS)}. "
            f"{' '.join(rng.sample(_CONTEXT, 3))} What could it be and what should I do?"
        )
        body = f"From your description this looks like {rng.choice(_CAUSES)}. " + " ".join(
            rng.sample(_ADVICE, rng.randint(2, 6))
        )
        a = " ".join(p for p in (rng.choice(_OPENINGS), body, rng.choice(_ENDINGS)) if p)
        rows.append({"system": system, "question": q, "answer": a})
    return rows


def speed() -> dict[str, Any]:
    rows = synthetic_rows(SYNTHETIC_ROWS)
    rules = load_rules("forum")
    # CPU time is reported too: the machine is shared, and wall time rises with other people's load.
    t0, c0 = time.perf_counter(), time.process_time()
    out = clean_records(rows, rules)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "rows": len(rows),
        "seconds": round(secs, 2),
        "cpu_seconds": round(cpu, 2),
        "rows_per_s": round(len(rows) / secs),
        "kept_pct": _pct(len(out.kept), out.rows_in),
        "mean_answer_chars": round(sum(len(r["answer"]) for r in rows) / len(rows)),
    }


def markdown(results: dict[str, Any], sp: dict[str, Any]) -> str:
    head = (
        "| file | slice | config | rows | kept % | greeting % | platform % | sign-off % | filler % "
        "| broken start % |\n|---|---|---|---|---|---|---|---|---|---|\n"
    )
    lines = []
    for fname, per in results.items():
        for sl in ("dev", "held_out"):
            raw = per["raw"][sl]
            lines.append(
                f"| {fname} | {sl} | raw | | 100 | {raw['greeting_pct']} | {raw['platform_pct']} "
                f"| {raw['signoff_pct']} | {raw['filler_pct']} | |"
            )
            for cfg in CONFIGS:
                f = per[cfg][sl]
                lines.append(
                    f"| {fname} | {sl} | {cfg} | {f['rows']} | {f['kept_pct']} | {f['greeting_pct']} "
                    f"| {f['platform_pct']} | {f['signoff_pct']} | {f['filler_pct']} "
                    f"| {f['broken_start_pct']} |"
                )
    speed_line = (
        f"\nSpeed (forum preset, generated ChatDoctor-shaped rows, mean answer {sp['mean_answer_chars']} "
        f"chars): {sp['rows']} rows in {sp['seconds']} s wall ({sp['cpu_seconds']} s CPU) = "
        f"{sp['rows_per_s']} rows/s (one process).\n"
    )
    note = (
        "\n`dev` = first half of each file plus the even-indexed rows of its second half (looked at while "
        "writing patterns); `held_out` = the odd-indexed rows of the second half (never looked at: only these "
        "aggregate figures are read). The interleave gives dev both styles of a file that changes style part-way "
        "(ai_medical_chatbot_sample: iCliniq rows first, HealthCareMagic rows last). Percentages of "
        "greeting/platform/sign-off/filler are over kept answers, measured "
        "with lorasweep.data.noise (independent of the cleaner's patterns). `broken start` = kept answer "
        "starts lowercase/punctuation although the raw answer did not.\n"
    )
    return (
        "# Cleaning benchmark\n\n"
        + (head + "\n".join(lines) if lines else "real data absent\n")
        + note
        + speed_line
    )


def main() -> int:
    results = real_data()
    sp = speed()
    md = markdown(results, sp)
    print(md)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cleaning.json").write_text(json.dumps({"real_data": results, "speed": sp}, indent=2) + "\n")
    (RESULTS / "cleaning.md").write_text(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
