"""Read a W&B offline transaction log (`run-*.wandb`) to check what a run really recorded.

wandb-core writes no config.yaml or summary file for an offline run; everything sits in this LevelDB-style log
of protobuf records (32 KiB blocks, 7-byte record headers), which `wandb sync` uploads later.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

BLOCK = 32768
FULL, LAST = 1, 4


def _records(path: Path):
    from wandb.proto import wandb_internal_pb2 as pb

    data = path.read_bytes()
    if data[:4] != b":W&B":
        raise ValueError(f"{path} is not a W&B transaction log")
    pos, pending = 7, b""
    while pos + 7 <= len(data):
        left = BLOCK - pos % BLOCK
        _, length, kind = struct.unpack("<IHB", data[pos : pos + 7]) if left >= 7 else (0, 0, 0)
        if left < 7 or (length == 0 and kind == 0):
            pos += left  # block trailer padding
            continue
        pending += data[pos + 7 : pos + 7 + length]
        pos += 7 + length
        if kind in (FULL, LAST):
            record = pb.Record()
            record.ParseFromString(pending)
            pending = b""
            yield record


def read_offline_run(path: Path) -> dict[str, dict[str, Any]]:
    """{"config": {...}, "summary": {...}} as the run recorded them (later updates win)."""
    out: dict[str, dict[str, Any]] = {"config": {}, "summary": {}}
    for record in _records(path):
        kind = record.WhichOneof("record_type")
        items = []
        if kind == "run":
            items = [("config", i) for i in record.run.config.update]
        elif kind in ("config", "summary"):
            items = [(kind, i) for i in getattr(record, kind).update]
        for section, item in items:
            key = item.key or "/".join(item.nested_key)
            out[section][key] = json.loads(item.value_json)
    return out
