"""W&B never prompts: online only with credentials, offline otherwise; an explicit WANDB_MODE wins."""

import pytest

from lorasweep.tracking import has_wandb_credentials, resolve_mode, tag_for


@pytest.fixture
def no_credentials(monkeypatch, tmp_path):
    monkeypatch.delenv("WANDB_API_KEY", raising=False)
    monkeypatch.delenv("WANDB_MODE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.netrc
    monkeypatch.setenv("NETRC", str(tmp_path / ".netrc"))


def test_auto_is_offline_without_credentials(no_credentials):
    assert not has_wandb_credentials()
    assert resolve_mode("auto") == "offline"


def test_auto_is_online_with_an_api_key(no_credentials, monkeypatch):
    monkeypatch.setenv("WANDB_API_KEY", "x" * 40)
    assert resolve_mode("auto") == "online"


def test_auto_is_online_with_a_netrc_login(no_credentials, tmp_path):
    (tmp_path / ".netrc").write_text("machine api.wandb.ai\n  login user\n  password " + "y" * 40 + "\n")
    (tmp_path / ".netrc").chmod(0o600)
    assert resolve_mode("auto") == "online"


def test_explicit_modes(no_credentials, monkeypatch):
    assert resolve_mode("disabled") == "disabled"
    monkeypatch.setenv("WANDB_MODE", "offline")
    monkeypatch.setenv("WANDB_API_KEY", "x" * 40)
    assert resolve_mode("online") == "offline"


def test_long_overrides_fit_wandb_tags():
    assert tag_for("lora.r=16") == "lora.r=16"
    assert len(tag_for("data.path=" + "a" * 200)) == 64
