"""Exports a standard convolutional super-resolution net to ONNX and measures PyTorch's CUDA ceiling.

The net is ESRGAN-shaped (conv_first, residual blocks of conv-ReLU-conv, a sub-pixel ×scale head,
plus a nearest-neighbour skip so outputs look like the input). Weights are random: the benchmark is
about throughput, not quality. Input and output are NHWC float32 in [0, 1] with a dynamic batch, the
layout the pool's upscale route feeds tiles in (gpu-pool/src/upscale/upscale.ts); the transposes run
inside the graph.

    python3 gpu-pool/scripts/export_sr.py --out /tmp/sr.onnx --torch-json /tmp/torch.json \
        --tile 256 --scale 4 --channels 64 --blocks 6 --batch 8 --seconds 10

Writes the .onnx, checks onnxruntime (CPU, Python) against PyTorch on one batch, then, when CUDA is
there, times batches of --batch tiles in fp16 and fp32 (TF32 off) and writes them to --torch-json:
{"fp16": {"imagesPerSecond", "msPerBatch"}, "fp32": {...}, "gflopPerImage": ...}.
"""

import argparse
import json
import time

import torch
import torch.nn.functional as F
from torch import nn


class ResidualBlock(nn.Module):
    def __init__(self, c: int):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x):
        return x + 0.2 * self.conv2(F.relu(self.conv1(x)))


class SRNet(nn.Module):
    def __init__(self, channels: int, blocks: int, scale: int):
        super().__init__()
        self.scale = scale
        self.head = nn.Conv2d(3, channels, 3, padding=1)
        self.body = nn.Sequential(*[ResidualBlock(channels) for _ in range(blocks)])
        self.body_out = nn.Conv2d(channels, channels, 3, padding=1)
        self.up = nn.Conv2d(channels, 3 * scale * scale, 3, padding=1)
        self.shuffle = nn.PixelShuffle(scale)
        with torch.no_grad():
            self.up.weight.mul_(0.1)  # keep the random residual small next to the image

    def forward(self, x_nhwc):
        x = x_nhwc.permute(0, 3, 1, 2)
        f = self.head(x)
        f = f + self.body_out(self.body(f))
        y = F.interpolate(x, scale_factor=self.scale, mode="nearest") + self.shuffle(self.up(f))
        return y.permute(0, 2, 3, 1)


def gflop_per_image(model: SRNet, tile: int) -> float:
    convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    return sum(2 * m.in_channels * m.out_channels * 9 * tile * tile for m in convs) / 1e9


def export(model, tile: int, out: str):
    dummy = torch.rand(1, tile, tile, 3)
    kwargs = dict(input_names=["image"], output_names=["upscaled"], opset_version=17)
    try:  # the TorchScript exporter: dynamic_axes is the simplest way to a symbolic batch
        torch.onnx.export(model, (dummy,), out, dynamic_axes={"image": {0: "N"}, "upscaled": {0: "N"}}, dynamo=False, **kwargs)
    except Exception as err:  # newer torch without it: the dynamo exporter with a dynamic batch
        print(f"TorchScript export failed ({err}); using dynamo=True")
        batch = torch.export.Dim("N", min=1, max=1024)
        torch.onnx.export(model, (dummy,), out, dynamic_shapes={"x_nhwc": {0: batch}}, dynamo=True, **kwargs)


def check(model, out: str, tile: int):
    import numpy as np
    import onnxruntime as ort

    x = torch.rand(2, tile // 4, tile // 4, 3)  # small: this runs on CPU
    want = model(x).detach().numpy()
    got = ort.InferenceSession(out, providers=["CPUExecutionProvider"]).run(None, {"image": x.numpy()})[0]
    print(f"onnxruntime vs PyTorch on CPU: max |diff| {float(np.abs(got - want).max()):.2e}, shape {got.shape}")


def time_cuda(model, dtype, batch: int, tile: int, seconds: float):
    m = model.to("cuda", dtype=dtype).to(memory_format=torch.channels_last)
    x = torch.rand(batch, tile, tile, 3, device="cuda", dtype=dtype)
    with torch.inference_mode():
        for _ in range(5):
            m(x)
        torch.cuda.synchronize()
        runs, t0 = 0, time.perf_counter()
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        while time.perf_counter() - t0 < seconds:
            m(x)
            runs += 1
        end.record()
        torch.cuda.synchronize()
    ms = start.elapsed_time(end) / runs
    return {"imagesPerSecond": batch * 1000 / ms, "msPerBatch": ms}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--torch-json")
    p.add_argument("--tile", type=int, default=256)
    p.add_argument("--scale", type=int, default=4)
    p.add_argument("--channels", type=int, default=64)
    p.add_argument("--blocks", type=int, default=6)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--seconds", type=float, default=10)
    a = p.parse_args()
    torch.manual_seed(0)
    model = SRNet(a.channels, a.blocks, a.scale).eval()
    export(model, a.tile, a.out)
    check(model, a.out, a.tile)
    result = {"gflopPerImage": gflop_per_image(model, a.tile), "tile": a.tile, "batch": a.batch}
    if torch.cuda.is_available():
        torch.backends.cudnn.benchmark = True
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        result["device"] = torch.cuda.get_device_name()
        result["fp16"] = time_cuda(model, torch.float16, a.batch, a.tile, a.seconds)
        result["fp32"] = time_cuda(model, torch.float32, a.batch, a.tile, a.seconds)
    print(json.dumps(result, indent=2))
    if a.torch_json:
        with open(a.torch_json, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
