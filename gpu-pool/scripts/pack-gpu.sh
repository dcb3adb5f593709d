#!/usr/bin/env bash
# Packs what a bare device machine (Python + PyTorch, no Node, no network) needs to run the pool and
# `bench/gpu-pool.ts --gpu`, into .gpu-carry/ (ignored by git; name it in the device tool's `carry`).
# Everything must stay under the tool's 64 MiB, hence xz and a bundle instead of node_modules.
# Run from anywhere in the repository; see gpu-pool/GPU.md.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
C=.gpu-carry
X=$(git rev-parse --git-path info/exclude) # a worktree's .git is a file
mkdir -p "$(dirname "$X")" && touch "$X"
grep -qx '/.gpu-carry/' "$X" || echo '/.gpu-carry/' >>"$X"
rm -rf "$C" && mkdir -p "$C"

# 1. Node itself (~24 MB xz).
xz -T0 -6 -c "$(command -v node)" >"$C/node.xz"

# 2. The pool and the bench as two ESM bundles. Native packages stay external and travel below;
#    tfjs is required lazily (tfjs models only), so an ONNX-only repository never needs it.
npx esbuild gpu-pool/src/main.ts bench/gpu-pool.ts --bundle --platform=node --format=esm --target=node20 \
  --outdir="$C/app" --out-extension:.js=.mjs --log-level=warning \
  --external:onnxruntime-node --external:sharp --external:esbuild --external:'@tensorflow/*' \
  --external:nsfwjs --external:'@upscalerjs/*' \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
# bench/support.ts imports the runner's build helpers (esbuild) at the top; the bench never calls them.
mkdir -p "$C/app/node_modules/esbuild"
echo '{"name":"esbuild","type":"module","main":"index.js"}' >"$C/app/node_modules/esbuild/package.json"
echo 'export const build = () => { throw new Error("esbuild is not carried"); }; export const context = build;' \
  >"$C/app/node_modules/esbuild/index.js"

# 3. The native packages: onnxruntime-node's linux-x64 binding (+ its 46 MB libonnxruntime, ~13 MB xz)
#    and sharp with its prebuilt libvips.
tar -cJf "$C/node_modules.tar.xz" \
  node_modules/onnxruntime-node/package.json node_modules/onnxruntime-node/dist \
  node_modules/onnxruntime-node/bin/napi-v6/linux/x64 node_modules/onnxruntime-common \
  node_modules/sharp node_modules/@img/colour node_modules/@img/sharp-linux-x64 \
  node_modules/@img/sharp-libvips-linux-x64 node_modules/detect-libc node_modules/semver

# 4. Vulkan's loader for Dawn (the webgpu EP), as /work/.library/device/README.md describes.
if [ ! -d .gl ] || ! ls .gl/libvulkan1_*.deb >/dev/null 2>&1; then
  grep -qx '/.gl/' "$X" || echo '/.gl/' >>"$X"
  mkdir -p .gl /tmp/amd64/partial
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  apt-get $o update >/dev/null
  (cd .gl && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
fi
du -sh "$C" .gl
