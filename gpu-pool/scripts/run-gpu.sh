#!/usr/bin/env bash
# Runs on the device machine, from the repository root, with .gpu-carry and .gl carried (gpu-pool/GPU.md):
# unpacks Node and the native packages, exports the model with PyTorch (and times PyTorch's CUDA
# ceiling), then runs bench/gpu-pool.ts --gpu against the pool on the webgpu EP. Results go to $OUT.
set -euo pipefail
OUT=${OUT:-/tmp/gpu-out}; mkdir -p "$OUT"
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
W=/tmp/gpu-pool-run; mkdir -p "$W/bin"
xz -dc .gpu-carry/node.xz >"$W/bin/node" && chmod +x "$W/bin/node"
tar -xJf .gpu-carry/node_modules.tar.xz -C "$W"
cp -r .gpu-carry/app "$W/app" && cp -r "$W/node_modules"/* "$W/app/node_modules/"
export PATH="$W/bin:$PATH"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv | tee "$OUT/gpu.txt"

TILE=${GPU_BENCH_TILE:-256} SCALE=${GPU_BENCH_SCALE:-4} BATCH=${GPU_BENCH_BATCH:-8}
PYTHONUNBUFFERED=1 python3 gpu-pool/scripts/export_sr.py --out "$W/sr.onnx" --torch-json "$OUT/torch.json" \
  --tile "$TILE" --scale "$SCALE" --batch "$BATCH" --seconds "${BENCH_SECONDS:-10}" 2>&1 | tee "$OUT/export.log"

BENCH_ROOT=$PWD BENCH_WORK_DIR=$W/work GPU_POOL_ENTRY=$W/app/gpu-pool/src/main.mjs \
  GPU_BENCH_MODEL=$W/sr.onnx GPU_BENCH_TORCH_JSON=$OUT/torch.json GPU_BENCH_EP=${GPU_BENCH_EP:-webgpu} \
  GPU_BENCH_TILE=$TILE GPU_BENCH_SCALE=$SCALE GPU_BENCH_BATCH=$BATCH BENCH_OUT_FILE=$OUT/bench.md \
  LOG_LEVEL=${LOG_LEVEL:-info} node "$W/app/bench/gpu-pool.mjs" --gpu 2>&1 | tee "$OUT/bench.log"
