"""Export: the adapter and card of a real smoke run, merges and their fidelity, refusals, the best run of a
sweep, and a Hub push that never leaks the token."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import torch
from omegaconf import OmegaConf

from lorasweep import export as ex
from lorasweep.export import ExportError, fmt


def _copy_run(smoke_run_dir: Path, dest: Path) -> Path:
    shutil.copytree(smoke_run_dir, dest)
    return dest


def _leftovers(parent: Path) -> list[Path]:
    return [p for p in parent.iterdir() if ".partial-" in p.name or ".old-" in p.name]


def _row(card: str, name: str) -> str:
    line = next((ln for ln in card.splitlines() if ln.startswith(f"| `{name}` |")), None)
    assert line is not None, f"no table row for {name}"
    return line


# ---- the adapter-only export of the smoke run --------------------------------------------------------------
@pytest.fixture(scope="module")
def exported(smoke_run_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "smoke-export"
    ex.export(smoke_run_dir, out)
    return out


def test_export_holds_adapter_tokenizer_and_run_files(exported: Path, smoke_run_dir: Path) -> None:
    from transformers import AutoTokenizer

    for name in (
        "adapter_model.safetensors",
        "adapter_config.json",
        "README.md",
        ex.MANIFEST,
        "loss_curve.png",
    ):
        assert (exported / name).is_file(), name
    assert (exported / "adapter_model.safetensors").read_bytes() == (
        smoke_run_dir / "adapter" / "adapter_model.safetensors"
    ).read_bytes()
    assert (exported / "loss_curve.png").read_bytes() == (smoke_run_dir / "loss_curve.png").read_bytes()
    run_tok = AutoTokenizer.from_pretrained(str(smoke_run_dir / "adapter"))
    tok = AutoTokenizer.from_pretrained(str(exported))
    assert tok.chat_template and tok.chat_template == run_tok.chat_template
    assert tok.pad_token == run_tok.pad_token
    for name in (
        "config.yaml",
        "overrides.yaml",
        "metrics.json",
        "env.json",
        "data_report.json",
        "status.json",
    ):
        assert (exported / "run" / name).is_file(), name
    assert not (exported / "merged").exists()
    assert _leftovers(exported.parent) == []


def test_card_figures_match_the_run_files(exported: Path, smoke_run_dir: Path) -> None:
    card = (exported / "README.md").read_text()
    metrics = json.loads((smoke_run_dir / "metrics.json").read_text())
    report = json.loads((smoke_run_dir / "data_report.json").read_text())
    cfg = OmegaConf.load(smoke_run_dir / ".hydra" / "config.yaml")

    header = card.split("---")[1]
    assert "library_name: peft" in header and "- lorasweep" in header and "- medical" in header
    for name in ("eval_loss", "eval_loss_before", "train_loss", "eval_perplexity", "trainable_params"):
        assert _row(card, name) == f"| `{name}` | {fmt(metrics[name])} |"
    assert f"- Rows read: {fmt(report['rows_in'])}" in card
    assert f"- Rows kept after cleaning and sampling: {fmt(report['rows_out'])}" in card
    assert f"- Training rows: {fmt(report['train_rows'])}" in card
    assert f"- Held-out evaluation rows: {fmt(report['eval_rows'])}" in card
    assert report["fingerprint"] in card
    dropped = {k: v for k, v in report["dropped"].items() if v}
    assert dropped, "the smoke data should drop rows (the card's cleaning table is checked against it)"
    for rule, count in dropped.items():
        assert _row(card, rule) == f"| `{rule}` | {fmt(count)} |"
    for rule, count in report["scrubbed"].items():
        if count:
            assert _row(card, rule) == f"| `{rule}` | {fmt(count)} |"
    assert _row(card, "r") == f"| `r` | {cfg.lora.r} |"
    assert _row(card, "alpha") == f"| `alpha` | {fmt(float(cfg.lora.alpha))} |"
    assert _row(card, "max_steps") == f"| `max_steps` | {cfg.trainer.max_steps} |"
    assert _row(card, "learning_rate") == f"| `learning_rate` | {fmt(cfg.trainer.learning_rate)} |"
    assert "![Training and evaluation loss](loss_curve.png)" in card
    assert "python train.py experiment=smoke" in card
    assert "not professional advice of any kind" in card and "**This is not medical advice.**" in card
    assert "## Intended use" in card and "## Limitations" in card


def test_manifest_lists_every_file_with_its_checksum(exported: Path, smoke_run_dir: Path) -> None:
    manifest = json.loads((exported / ex.MANIFEST).read_text())
    on_disk = {str(p.relative_to(exported)) for p in exported.rglob("*") if p.is_file()} - {ex.MANIFEST}
    assert set(manifest["files"]) == on_disk
    for rel, entry in manifest["files"].items():
        assert hashlib.sha256((exported / rel).read_bytes()).hexdigest() == entry["sha256"]
    digest = hashlib.sha256((smoke_run_dir / ".hydra" / "config.yaml").read_bytes()).hexdigest()[:16]
    assert manifest["config_digest"] == digest
    assert manifest["merge"] == {"requested": "none", "written": None}
    assert manifest["metrics"] == json.loads((smoke_run_dir / "metrics.json").read_text())


def test_card_shows_confidence_intervals_and_probe_answers(smoke_run_dir: Path, tmp_path: Path) -> None:
    run = _copy_run(smoke_run_dir, tmp_path / "run")
    metrics = json.loads((run / "metrics.json").read_text())
    metrics.update(
        {
            "qa_accuracy": 0.625,
            "qa_accuracy_ci_low": 0.3057,
            "qa_accuracy_ci_high": 0.8632,
            "qa_accuracy_n": 8,
        }
    )
    (run / "metrics.json").write_text(json.dumps(metrics))
    probes = [
        {
            "id": "p1",
            "question": "How do I reset a router?",
            "base": "Unplug it.",
            "tuned": "Hold reset for 10 s.",
        }
    ]
    (run / "probes.jsonl").write_text("".join(json.dumps(p) + "\n" for p in probes))
    card = (ex.export(run, tmp_path / "out").out / "README.md").read_text()
    assert _row(card, "qa_accuracy") == "| `qa_accuracy` | 0.625 (95% CI 0.3057 to 0.8632, n=8) |"
    assert "qa_accuracy_ci_low" not in card
    assert "**Question:** How do I reset a router?" in card
    assert "> Unplug it." in card and "> Hold reset for 10 s." in card
    assert (tmp_path / "out" / "run" / "probes.jsonl").is_file()


def test_card_for_non_medical_data_keeps_the_generic_statement_only(smoke_run_dir: Path) -> None:
    source = ex.read_source(smoke_run_dir)
    source.config["data"].update(name="grade_school_math", embedded=None, hub_id="openai/gsm8k", domain=None)
    assert not ex.is_medical(source.config)
    card = ex.model_card(source, None, True, None)
    assert "not professional advice of any kind" in card
    assert "medical advice" not in card and "- medical" not in card
    assert "datasets:\n- openai/gsm8k" in card
    source.config["data"]["domain"] = "medical"  # an explicit domain wins over the name
    assert ex.is_medical(source.config)


def test_hub_base_model_is_named_in_the_card_and_the_adapter_config(
    smoke_run_dir: Path, tmp_path: Path
) -> None:
    run = _copy_run(smoke_run_dir, tmp_path / "run")
    cfg = OmegaConf.load(run / ".hydra" / "config.yaml")
    cfg.model.name_or_path, cfg.model.embedded, cfg.model.revision = "my-org/base-1b-instruct", None, "abc123"
    (run / ".hydra" / "config.yaml").write_text(OmegaConf.to_yaml(cfg))
    out = ex.export(run, tmp_path / "out").out  # adapter only: the base model is never loaded
    adapter_cfg = json.loads((out / "adapter_config.json").read_text())
    assert (
        adapter_cfg["base_model_name_or_path"] == "my-org/base-1b-instruct"
        and adapter_cfg["revision"] == "abc123"
    )
    card = (out / "README.md").read_text()
    assert "base_model: my-org/base-1b-instruct" in card.split("---")[1]
    assert "Base model: `my-org/base-1b-instruct` at revision `abc123`." in card


# ---- refusals: nothing is written --------------------------------------------------------------------------
def test_folder_without_adapter_explains_and_writes_nothing(
    smoke_run_dir: Path, tmp_path: Path, capsys
) -> None:
    run = _copy_run(smoke_run_dir, tmp_path / "run")
    shutil.rmtree(run / "adapter")
    (run / "status.json").write_text(
        json.dumps({"state": "FAILED", "reason": "NonFiniteLossError: loss is nan"})
    )
    out = tmp_path / "exports" / "x"
    with pytest.raises(
        ExportError, match=r"no trained adapter.*ended FAILED \(NonFiniteLossError: loss is nan\)"
    ):
        ex.export(run, out)
    assert ex.main([str(run), "--out", str(out)]) == 2
    assert "ended FAILED" in capsys.readouterr().err
    assert not out.exists()
    assert not (tmp_path / "exports").exists() or list((tmp_path / "exports").iterdir()) == []


def test_a_non_run_folder_and_an_existing_output_are_refused(smoke_run_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ExportError, match="no job folders"):
        ex.export(tmp_path / "empty", tmp_path / "out")
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "keep.txt").write_text("mine")
    with pytest.raises(ExportError, match="already exists.*--overwrite"):
        ex.export(smoke_run_dir, tmp_path / "taken")
    assert (tmp_path / "taken" / "keep.txt").read_text() == "mine"
    with pytest.raises(ExportError, match="--merge 'half'"):
        ex.export(smoke_run_dir, tmp_path / "o", merge="half")


def test_refused_merge_explains_and_writes_nothing(smoke_run_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports" / "merged"
    with pytest.raises(
        ExportError, match=r"refused to merge: merge=full .* mean KL .* > --max-kl 1e-12.*Nothing was"
    ):
        ex.export(smoke_run_dir, out, merge="full", max_kl=1e-12, fidelity_prompts=2, fidelity_tokens=32)
    assert not out.exists()
    assert list((tmp_path / "exports").iterdir()) == []


def test_full_precision_merge_of_an_unquantized_run(smoke_run_dir: Path, tmp_path: Path) -> None:
    from transformers import AutoModelForCausalLM

    result = ex.export(
        smoke_run_dir, tmp_path / "out", merge="dequantized", fidelity_prompts=2, fidelity_tokens=16
    )
    merge = result.manifest["merge"]
    assert merge["kind"] == "full" and "are the same" in merge["note"]  # trained on full-precision weights
    assert merge["prompts_source"] == "the run's held-out eval split"
    fig = merge["fidelity"]["full"]
    assert fig["prompts"] == 2 and fig["tokens"] == 32
    assert fig["max_abs_logit_diff"] < 1e-4 and fig["mean_kl"] < 1e-6
    model = AutoModelForCausalLM.from_pretrained(str(result.out / "merged"))
    assert not any("lora" in n for n, _ in model.named_parameters())
    card = (result.out / "README.md").read_text()
    assert (
        f"| full | {fmt(fig['max_abs_logit_diff'])} | {fmt(fig['mean_kl'])} | {fmt(fig['max_kl'])} |" in card
    )


# ---- merge fidelity on an NF4-trained adapter (bitsandbytes on the CPU) ------------------------------------
def _nf4_run(smoke_run_dir: Path, tiny_model_dir: Path, dest: Path) -> Path:
    """The smoke run, relabelled as trained on NF4 weights, with an adapter whose B matrices are not zero."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    run = _copy_run(smoke_run_dir, dest)
    cfg = OmegaConf.load(run / ".hydra" / "config.yaml")
    cfg.quantization.method, cfg.quantization.double_quant = "nf4", True
    (run / ".hydra" / "config.yaml").write_text(OmegaConf.to_yaml(cfg))
    env = json.loads((run / "env.json").read_text())
    env["quantization"] = "nf4"
    (run / "env.json").write_text(json.dumps(env))
    base = AutoModelForCausalLM.from_pretrained(str(tiny_model_dir))
    model = get_peft_model(
        base,
        LoraConfig(
            r=8, lora_alpha=16, target_modules=list(cfg.model.lora_target_modules), task_type="CAUSAL_LM"
        ),
    )
    gen = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for name, param in model.named_parameters():
            if "lora_B" in name:  # freshly initialised B is zero, and a zero adapter merges trivially
                param.copy_(torch.randn(param.shape, generator=gen) * 0.05)
    shutil.rmtree(run / "adapter")
    model.save_pretrained(run / "adapter")
    for item in smoke_run_dir.joinpath("adapter").iterdir():
        if item.name.startswith(("tokenizer", "chat_template", "special_tokens")):
            shutil.copy2(item, run / "adapter" / item.name)
    return run


@pytest.mark.slow
def test_dequantized_merge_reproduces_the_nf4_adapter_far_better_than_the_full_merge(
    smoke_run_dir: Path, tiny_model_dir: Path, tmp_path: Path
) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from lorasweep import merging

    run = _nf4_run(smoke_run_dir, tiny_model_dir, tmp_path / "nf4run")
    result = ex.export(run, tmp_path / "out", merge="dequantized", fidelity_prompts=3, fidelity_tokens=48)
    merge = result.manifest["merge"]
    deq, full = merge["fidelity"]["dequantized"], merge["fidelity"]["full"]
    assert merge["kind"] == "dequantized" and merge["reference"] == "adapter on the nf4 base"
    assert deq["max_abs_logit_diff"] < 1e-4 and deq["mean_kl"] < 1e-6
    assert full["max_abs_logit_diff"] > 100 * deq["max_abs_logit_diff"]
    assert full["mean_kl"] > 100 * deq["mean_kl"]
    card = (result.out / "README.md").read_text()
    assert f"| dequantized | {fmt(deq['max_abs_logit_diff'])} | {fmt(deq['mean_kl'])} |" in card
    assert f"| full | {fmt(full['max_abs_logit_diff'])} | {fmt(full['mean_kl'])} |" in card
    assert "- qlora" in card.split("---")[1]

    # The saved merged model is the one that was measured: it reproduces the adapter on the NF4 base.
    source = ex.read_source(run)
    tokenizer = AutoTokenizer.from_pretrained(str(result.out))
    texts = merging.heldout_texts(source.config, source.data_report, tokenizer, 1)[0]
    reference = merging.logits_for(
        merging.load_reference(source.base_spec(), source.adapter_dir, len(tokenizer)), tokenizer, texts, 48
    )
    merged = AutoModelForCausalLM.from_pretrained(str(result.out / "merged")).eval()
    assert (
        merging.compare(
            "saved", reference, merging.logits_for(merged, tokenizer, texts, 48)
        ).max_abs_logit_diff
        < 1e-4
    )

    # Merging onto the original weights drifts past a tight bound: refused, and nothing is written.
    out = tmp_path / "refused"
    with pytest.raises(ExportError, match="trained against dequantized nf4 weights: use --merge dequantized"):
        ex.export(run, out, merge="full", max_kl=full["mean_kl"] / 10, fidelity_prompts=3, fidelity_tokens=48)
    assert not out.exists() and _leftovers(tmp_path) == []


# ---- the best run of a sweep -------------------------------------------------------------------------------
def _sweep(smoke_run_dir: Path, root: Path, losses: list[float | None], direction: str | None = None) -> Path:
    for i, loss in enumerate(losses):
        job = _copy_run(smoke_run_dir, root / str(i))
        metrics = json.loads((job / "metrics.json").read_text())
        metrics["eval_loss"] = loss if loss is not None else 0.0
        (job / "metrics.json").write_text(json.dumps(metrics))
        if loss is None:
            (job / "status.json").write_text(json.dumps({"state": "FAILED", "reason": "boom"}))
        if direction:
            (job / ".hydra" / "hydra.yaml").write_text(f"hydra:\n  sweeper:\n    direction: {direction}\n")
    return root


def test_sweep_folder_exports_its_best_complete_job(smoke_run_dir: Path, tmp_path: Path) -> None:
    sweep = _sweep(
        smoke_run_dir, tmp_path / "sweep", [3.0, 2.5, None, 2.75]
    )  # the FAILED job has the lowest value
    job, selection = ex.best_job(sweep)
    assert job == sweep / "1" and selection["value"] == 2.5 and selection["complete_jobs"] == 3
    result = ex.export(sweep, tmp_path / "best")
    assert result.manifest["source"]["selected_from_sweep"]["job"] == "1"
    assert Path(result.manifest["source"]["run_dir"]) == (sweep / "1").resolve()
    assert "best of 3 complete jobs" in (result.out / "README.md").read_text()
    maximize = _sweep(smoke_run_dir, tmp_path / "sweep2", [3.0, 2.5], direction="maximize")
    assert ex.best_job(maximize)[0] == maximize / "0"


# ---- the Hub: the token comes from the environment and goes nowhere else -----------------------------------
class _FakeHub:
    def __init__(self, fail_with: str | None = None):
        self.calls: list[tuple[str, dict]] = []
        self.fail_with = fail_with

    def create_repo(self, repo_id: str, **kwargs) -> None:
        self.calls.append(("create_repo", {"repo_id": repo_id, **kwargs}))

    def upload_folder(self, **kwargs) -> None:
        if self.fail_with:
            raise RuntimeError(self.fail_with)
        self.calls.append(("upload_folder", kwargs))


def test_push_to_hub_uses_the_env_token_and_never_writes_or_prints_it(
    smoke_run_dir: Path, tmp_path: Path, monkeypatch, capsys, caplog
) -> None:
    token = "hf_FAKEtokenDoNotLeak0123456789"
    hub = _FakeHub()
    seen_tokens = []
    monkeypatch.setenv("HF_TOKEN", token)
    monkeypatch.setattr(ex, "_hub_api", lambda t: seen_tokens.append(t) or hub)
    caplog.set_level("DEBUG")
    out = tmp_path / "pushed"
    assert ex.main([str(smoke_run_dir), "--out", str(out), "--push-to-hub", "my-org/smoke"]) == 0
    assert seen_tokens == [token]
    assert [c[0] for c in hub.calls] == ["create_repo", "upload_folder"]
    assert hub.calls[0][1]["private"] is True
    assert (
        Path(hub.calls[1][1]["folder_path"]) == out.resolve() and hub.calls[1][1]["repo_id"] == "my-org/smoke"
    )
    captured = capsys.readouterr()
    assert "pushed to https://huggingface.co/my-org/smoke" in captured.out
    assert token not in captured.out + captured.err + caplog.text
    for path in out.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path


def test_a_failed_push_scrubs_the_token_and_a_missing_token_stops_early(
    smoke_run_dir: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    token = "hf_FAKEtokenDoNotLeak0123456789"
    monkeypatch.setenv("HF_TOKEN", token)
    monkeypatch.setattr(ex, "_hub_api", lambda t: _FakeHub(fail_with=f"401 Unauthorized for token {t}"))
    assert ex.main([str(smoke_run_dir), "--out", str(tmp_path / "a"), "--push-to-hub", "org/x"]) == 2
    err = capsys.readouterr().err
    assert "401 Unauthorized for token ***" in err and token not in err
    assert (tmp_path / "a" / ex.MANIFEST).is_file()  # the local export is complete; only the push failed
    monkeypatch.delenv("HF_TOKEN")
    assert ex.main([str(smoke_run_dir), "--out", str(tmp_path / "b"), "--push-to-hub", "org/x"]) == 2
    assert "HF_TOKEN environment variable" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()


def test_help_documents_every_option(capsys) -> None:
    with pytest.raises(SystemExit):
        ex.parse_args(["--help"])
    text = capsys.readouterr().out
    for option in (
        "--out",
        "--merge",
        "dequantized",
        "--max-kl",
        "--push-to-hub",
        "HF_TOKEN",
        "--overwrite",
        "--fidelity-prompts",
        "sweep folder",
    ):
        assert option in text, option
