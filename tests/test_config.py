"""Every config option composes; bad values are all reported together, naming the key, value and fix."""

from pathlib import Path

import pytest
from hydra.errors import ConfigCompositionException, MissingConfigException
from omegaconf import OmegaConf

from lorasweep.config import linear_module_names, static_problems, target_module_problems, validate
from lorasweep.device import Hardware
from lorasweep.errors import ConfigError

CONF = Path(__file__).resolve().parents[1] / "conf"
CPU = Hardware(cuda=False, device_name="cpu", bf16=False)
T4 = Hardware(cuda=True, device_name="Tesla T4", bf16=False)
GROUPS = [
    "model",
    "quantization",
    "lora",
    "data",
    "trainer",
    "generation",
    "logger",
    "experiment",
    "hparams_search",
]


def _options(group: str) -> list[str]:
    return sorted(p.stem for p in (CONF / group).glob("*.yaml"))


@pytest.mark.parametrize("group", GROUPS)
def test_every_option_of_every_group_composes(compose_cfg, group):
    options = _options(group)
    assert options, f"conf/{group} has no options"
    for option in options:
        cfg = compose_cfg(f"{group}={option}")
        OmegaConf.to_container(cfg, resolve=True)  # every interpolation resolves
        assert cfg.lora.r > 0 and cfg.trainer.max_seq_length > 0


@pytest.mark.parametrize(
    "group", ["model", "quantization", "lora", "data", "trainer", "generation", "logger"]
)
def test_every_option_opens_with_the_command_that_uses_it(group):
    for path in (CONF / group).glob("*.yaml"):
        first_lines = [line for line in path.read_text().splitlines()[:3] if line.startswith("#")]
        assert any("python train.py" in line for line in first_lines), (
            f"{path} does not open with its command"
        )


def test_the_default_config_is_valid_on_the_cpu(compose_cfg):
    assert static_problems(compose_cfg(), CPU) == []


def test_lora_rank_sweep_values_are_valid(compose_cfg):
    for rank in (4, 16, 32):
        cfg = compose_cfg(f"lora.r={rank}")
        assert cfg.lora.r == rank and static_problems(cfg, CPU) == []


def test_unknown_group_option_names_the_available_ones(compose_cfg):
    with pytest.raises((MissingConfigException, ConfigCompositionException)) as err:
        compose_cfg("model=not_a_model")
    assert "model/not_a_model" in str(err.value)


def test_several_bad_values_are_reported_together(compose_cfg):
    cfg = compose_cfg("lora.r=0", "lora.dropout=1.0", "trainer.learning_rate=-0.001", "generation.top_p=0")
    with pytest.raises(ConfigError) as err:
        validate(cfg, CPU, None)
    problems = err.value.problems
    assert len(problems) == 4
    assert any(p.startswith("lora.r=0 is invalid") for p in problems)
    assert any(p.startswith("lora.dropout=1.0 is invalid") and "[0, 1)" in p for p in problems)
    assert any(p.startswith("trainer.learning_rate=-0.001 is invalid") for p in problems)
    assert "4 problems in the config" in str(err.value)


def test_missing_local_model_path_is_named(compose_cfg, tmp_path):
    missing = tmp_path / "no-such-model"
    cfg = compose_cfg("model.embedded=null", f"model.name_or_path={missing}")
    problems = static_problems(cfg, CPU)
    assert problems == [
        f"model.name_or_path={str(missing)!r}: the folder does not exist. "
        "Give a checkpoint folder or a Hub id (org/name)."
    ]


def test_bf16_on_a_gpu_without_bf16_is_refused(compose_cfg):
    problems = static_problems(compose_cfg("trainer.precision=bf16"), T4)
    assert len(problems) == 1 and "trainer.precision=fp16" in problems[0]


def test_target_module_the_model_lacks_lists_the_ones_it_has(compose_cfg, tiny_model_dir):
    available = linear_module_names(str(tiny_model_dir))
    assert {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"} == available
    problems = target_module_problems(["q_proj", "query_key_value"], available)
    assert len(problems) == 1
    assert (
        "['query_key_value']" in problems[0] and "'down_proj'" in problems[0] and "all-linear" in problems[0]
    )
    assert target_module_problems("all-linear", available) == []


def test_architecture_problems_join_the_value_problems(compose_cfg, tiny_model_dir):
    cfg = compose_cfg("experiment=smoke", "lora.r=-2", "lora.target_modules=[c_attn]")
    with pytest.raises(ConfigError) as err:
        validate(cfg, CPU, str(tiny_model_dir))
    assert len(err.value.problems) == 2
    assert any("c_attn" in p for p in err.value.problems)
