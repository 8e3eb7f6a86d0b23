"""Load raw rows from the embedded sample, a local file (JSON, JSONL, CSV, Parquet) or the Hugging Face Hub,
and map the configured columns onto the three roles every later stage uses: system, question, answer."""

from __future__ import annotations

import hashlib
import importlib.resources
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lorasweep.errors import DataError

LOCAL_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}


@dataclass(frozen=True)
class SourceSpec:
    """Where the rows come from and which column plays which role."""

    name: str
    path: str | None
    embedded: str | None
    hub_id: str | None
    hub_config: str | None
    hub_split: str
    question_field: str
    answer_field: str
    system_field: str | None
    system_prompt: str | None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> SourceSpec:
        fields = data.get("fields") or {}
        return cls(
            name=str(data.get("name") or "dataset"),
            path=data.get("path"),
            embedded=data.get("embedded"),
            hub_id=data.get("hub_id"),
            hub_config=data.get("hub_config"),
            hub_split=data.get("hub_split") or "train",
            question_field=fields.get("question", "question"),
            answer_field=fields.get("answer", "answer"),
            system_field=fields.get("system"),
            system_prompt=data.get("system_prompt"),
        )


def embedded_path(filename: str) -> Path:
    """A data file shipped inside the package (lorasweep/assets)."""
    path = Path(str(importlib.resources.files("lorasweep").joinpath("assets", filename)))
    if not path.is_file():
        raise DataError(
            f"data.embedded={filename!r} is not a file shipped with lorasweep (looked in {path.parent})."
        )
    return path


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise DataError(
                    f"{path}: line {number} is not valid JSON ({err.msg} at column {err.colno})."
                ) from None
            if not isinstance(row, dict):
                raise DataError(f"{path}: line {number} is a JSON {type(row).__name__}, expected an object.")
            rows.append(row)
    return rows


def _read_json(path: Path) -> list[dict[str, Any]]:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise DataError(
            f"{path}: not valid JSON at line {err.lineno}, column {err.colno} ({err.msg})."
        ) from None
    # Accept both a list of records and the {"data": [...]} wrapper many exports use.
    if isinstance(payload, dict) and isinstance(payload.get("data"), list):
        payload = payload["data"]
    if not isinstance(payload, list) or not all(isinstance(r, dict) for r in payload):
        raise DataError(f"{path}: expected a JSON list of objects (or JSONL, one object per line).")
    return payload


def _read_table(path: Path, kind: str) -> list[dict[str, Any]]:
    import pandas as pd

    try:
        frame = (
            pd.read_csv(path, dtype=str, keep_default_na=False) if kind == "csv" else pd.read_parquet(path)
        )
    except Exception as err:  # pandas/pyarrow raise many types; all mean "cannot read this file"
        raise DataError(f"{path}: cannot read as {kind.upper()}: {err}") from None
    return frame.to_dict(orient="records")


def read_local(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a local file, chosen by extension; a malformed file names its line."""
    path = Path(path).expanduser()
    kind = LOCAL_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise DataError(f"{path}: unknown extension {path.suffix!r}; use one of {sorted(LOCAL_FORMATS)}.")
    try:
        if kind == "jsonl":
            return _read_jsonl(path)
        if kind == "json":
            return _read_json(path)
    except UnicodeDecodeError as err:
        raise DataError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start}).") from None
    return _read_table(path, kind)


def _read_hub(spec: SourceSpec) -> tuple[list[dict[str, Any]], str]:
    from datasets import load_dataset

    dataset = load_dataset(spec.hub_id, spec.hub_config, split=spec.hub_split)
    # datasets' own fingerprint changes when the Hub revision or the split changes.
    return dataset.to_list(), f"hub:{spec.hub_id}:{spec.hub_config}:{spec.hub_split}:{dataset._fingerprint}"


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_rows(spec: SourceSpec) -> tuple[list[dict[str, Any]], str]:
    """Raw rows and a fingerprint of their content (what the cache keys on)."""
    if spec.path:
        path = Path(spec.path).expanduser()
        return read_local(path), f"file:{file_digest(path)}"
    if spec.embedded:
        path = embedded_path(spec.embedded)
        return read_local(path), f"file:{file_digest(path)}"
    if spec.hub_id:
        return _read_hub(spec)
    raise DataError("data has no source: set data.path=<file> or data.hub_id=<org/name>.")


def map_fields(rows: list[dict[str, Any]], spec: SourceSpec, where: str) -> list[dict[str, Any]]:
    """Rename the configured columns to system/question/answer; values stay raw for the cleaner to judge."""
    if not rows:
        raise DataError(f"{where} has no rows.")
    columns = list(rows[0].keys())
    wanted = {"data.fields.question": spec.question_field, "data.fields.answer": spec.answer_field}
    if spec.system_field:
        wanted["data.fields.system"] = spec.system_field
    missing = [f"{key}={column!r}" for key, column in wanted.items() if column not in rows[0]]
    if missing:
        raise DataError(
            f"{where} has no column for {', '.join(missing)}. Its columns are {columns}: "
            "set data.fields.question / data.fields.answer / data.fields.system to the right names."
        )
    default_system = spec.system_prompt or ""
    system_field = spec.system_field
    return [
        {
            "system": row.get(system_field) if system_field else default_system,
            "question": row.get(spec.question_field),
            "answer": row.get(spec.answer_field),
        }
        for row in rows
    ]


def describe(spec: SourceSpec) -> str:
    """A short human name of the source for messages."""
    if spec.path:
        return f"data.path={spec.path}"
    if spec.embedded:
        return f"the embedded sample {spec.embedded}"
    return f"data.hub_id={spec.hub_id}"
