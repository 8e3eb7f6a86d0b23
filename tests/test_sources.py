"""Local files in every supported format load through config alone; broken ones say what and where."""

import json

import pandas as pd
import pytest

from lorasweep.data.sources import SourceSpec, load_rows, map_fields, read_local
from lorasweep.errors import DataError

ROWS = [
    {"q": "What is a fever?", "a": "A body temperature above 38 C.", "sys": "Be brief."},
    {"q": "Is rest enough?", "a": "Often, yes.", "sys": "Be brief."},
]


def _spec(path, **fields):
    mapping = {"question": "q", "answer": "a", **fields}
    return SourceSpec.from_mapping({"name": "t", "path": str(path), "fields": mapping})


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".csv", ".parquet"])
def test_each_local_format_loads_and_maps(tmp_path, suffix):
    path = tmp_path / f"qa{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(ROWS))
    elif suffix == ".jsonl":
        path.write_text("\n".join(json.dumps(r) for r in ROWS))
    elif suffix == ".csv":
        pd.DataFrame(ROWS).to_csv(path, index=False)
    else:
        pd.DataFrame(ROWS).to_parquet(path)
    spec = _spec(path, system="sys")
    rows, fingerprint = load_rows(spec)
    assert fingerprint.startswith("file:")
    mapped = map_fields(rows, spec, "test")
    assert mapped[0] == {
        "system": "Be brief.",
        "question": "What is a fever?",
        "answer": "A body temperature above 38 C.",
    }


def test_a_constant_system_prompt_is_used_without_a_system_column(tmp_path):
    path = tmp_path / "qa.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in ROWS))
    spec = SourceSpec.from_mapping(
        {"path": str(path), "fields": {"question": "q", "answer": "a"}, "system_prompt": "S"}
    )
    assert {r["system"] for r in map_fields(load_rows(spec)[0], spec, "t")} == {"S"}


def test_missing_field_lists_the_columns_the_file_has(tmp_path):
    path = tmp_path / "qa.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in ROWS))
    spec = _spec(path)
    spec = SourceSpec.from_mapping({"path": str(path), "fields": {"question": "Question", "answer": "a"}})
    with pytest.raises(DataError) as err:
        map_fields(load_rows(spec)[0], spec, "qa.jsonl")
    assert "data.fields.question='Question'" in str(err.value)
    assert "['q', 'a', 'sys']" in str(err.value)


def test_malformed_jsonl_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(ROWS[0]) + "\n" + '{"q": "broken"\n')
    with pytest.raises(DataError, match="line 2 is not valid JSON"):
        read_local(path)


def test_malformed_json_names_line_and_column(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[\n  {"q": 1},\n  {"q": }\n]')
    with pytest.raises(DataError, match="line 3"):
        read_local(path)


def test_unknown_extension_and_unreadable_parquet(tmp_path):
    with pytest.raises(DataError, match="unknown extension"):
        read_local(tmp_path / "data.txt")
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet at all")
    with pytest.raises(DataError, match="cannot read as PARQUET"):
        read_local(bad)
