"""Read and write CTranslate2's model.bin, to store the fixture in float32 and to perturb its weights.

No public reader exists, and the layout is small (ctranslate2/specs/model_spec.py ``_serialize``): a
header, then (name, rank, dims, dtype id, byte count, bytes) per variable, then aliases; little-endian,
no padding. Type ids follow ``_dtype_to_type_id``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, replace

import numpy as np

DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")


@dataclass(frozen=True)
class ModelBin:
    version: int
    spec: str
    revision: int
    variables: dict[str, np.ndarray]
    aliases: tuple[tuple[str, str], ...]


def read_model_bin(data: bytes) -> ModelBin:
    offset = 0

    def take(fmt: str) -> tuple:
        nonlocal offset
        values = struct.unpack_from("<" + fmt, data, offset)
        offset += struct.calcsize("<" + fmt)
        return values

    def string() -> str:
        nonlocal offset
        (length,) = take("H")
        text = data[offset : offset + length - 1].decode("utf-8")
        offset += length
        return text

    (version,) = take("I")
    spec = string()
    revision, count = take("II")
    variables: dict[str, np.ndarray] = {}
    for _ in range(count):
        name = string()
        (rank,) = take("B")
        shape = take(f"{rank}I") if rank else ()
        dtype_id, size = take("BI")
        dtype = np.dtype("uint16" if DTYPES[dtype_id] == "bfloat16" else DTYPES[dtype_id])
        array = np.frombuffer(data, dtype=dtype, count=size // dtype.itemsize, offset=offset)
        variables[name] = array.reshape(shape)
        offset += size
    (alias_count,) = take("I")
    aliases = tuple((string(), string()) for _ in range(alias_count))
    return ModelBin(version, spec, revision, variables, aliases)


def write_model_bin(model: ModelBin) -> bytes:
    def string(text: str) -> bytes:
        return struct.pack("<H", len(text) + 1) + text.encode("utf-8") + b"\0"

    out = [struct.pack("<I", model.version), string(model.spec)]
    out.append(struct.pack("<II", model.revision, len(model.variables)))
    for name, value in model.variables.items():
        out += [string(name), struct.pack("<B", value.ndim), struct.pack(f"<{value.ndim}I", *value.shape)]
        out += [struct.pack("<BI", DTYPES.index(str(value.dtype)), value.nbytes), value.tobytes()]
    out.append(struct.pack("<I", len(model.aliases)))
    out += [string(alias) + string(target) for alias, target in model.aliases]
    return b"".join(out)


def dequantized(model: ModelBin) -> ModelBin:
    """Every int8 weight as float32 (int8 / its row scale), scales dropped: the same values, computed
    by float kernels, which agree across CPUs where int8 kernels do not."""
    variables = dict(model.variables)
    for scale_name in [name for name in variables if name.endswith("/weight_scale")]:
        weight_name = scale_name.removesuffix("_scale")
        if variables[weight_name].dtype == np.int8:
            scale = variables.pop(scale_name).astype(np.float32)
            weight = variables[weight_name].astype(np.float32)
            variables[weight_name] = weight / scale.reshape(-1, *([1] * (weight.ndim - 1)))
    return replace(model, variables=variables)


def perturbed(model: ModelBin, relative: float, seed: int) -> ModelBin:
    """Every float32 tensor times (1 + relative·N(0, 1)), elementwise: a stand-in for another CPU's
    rounding, many orders of magnitude larger than any float32 kernel difference."""
    rng = np.random.default_rng(seed)
    variables = {
        name: (value * (1 + relative * rng.standard_normal(value.shape))).astype(np.float32)
        if value.dtype == np.float32 and value.ndim
        else value
        for name, value in model.variables.items()
    }
    return replace(model, variables=variables)
