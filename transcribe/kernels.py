"""The same arithmetic on every x86 laptop.

CTranslate2 picks its kernels by CPU: Intel MKL on an Intel chip, oneDNN on an
AMD one, and AVX-512 code where the chip has it. Each rounds the int8 model's
sums a little differently, and on a noisy memo that is enough to change what
tiny.en writes ("after I modeled" on one machine, "after I'm adult" on
another) and on which side of a weighing margin a candidate falls. Pinned to
oneDNN's AVX2 kernels, which every x86 laptop of the last decade has, most
memos read the same on the SLP's laptop, on the school's and in CI, and the
margins measured on one machine hold on the others. AVX2 is also what the int8
model needs to be fast, so nothing is given up on a two-core laptop.

Not every memo: the pins do not reach numpy's OpenBLAS, which picks its
float32 kernel by CPU for faster-whisper's mel spectrogram, nor how oneDNN
blocks its float sums for the chip's caches. On an Intel Sapphire Rapids CPU,
4 of the real-model tests that passed on the machines above read their memo
otherwise (2 of them as before with OPENBLAS_CORETYPE=Haswell); the tests were
made to hold on each CPU tried, and the benchmarks say how much it matters.

oneDNN's VNNI kernels (ONEDNN_MAX_CPU_ISA=AVX2_VNNI or AVX512_CORE_VNNI, on a CPU
that has them) add the int8 products exactly, where AVX2's sum pairs of them in
16 bits first. On that Sapphire Rapids CPU, over the 921 espeak memos of the
devset, unseen1-42 and independent1-3, they got 3938 and 3912 fields right of
4605 against AVX2's 3881 (59 memos better, 40 worse with AVX2_VNNI); the two
VNNI kernels read 41 of 105 memos differently from each other. They are not
the pin: 6 and 5 of the real-model tests read their recorded noisy memos
otherwise under them, and each kind of CPU would read memos its own way.

The pins must be in the environment before CTranslate2 is first loaded; a
setting the user made already wins, and a CPU without AVX2 (or one whose flags
cannot be read) keeps CTranslate2's own choice, since forcing an ISA the CPU
lacks makes the model refuse to load.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

PINS = {
    "CT2_USE_MKL": "0",  # oneDNN on Intel too, as on AMD
    "CT2_FORCE_CPU_ISA": "AVX2",  # CTranslate2's own kernels (softmax, layer norm, quantisation)
    "ONEDNN_MAX_CPU_ISA": "AVX2",  # oneDNN's matrix products: no AVX-512, no AVX-VNNI
}


def has_avx2(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """True when the CPU's flags (Linux's /proc/cpuinfo) include AVX2; False when they cannot be read."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(line.startswith("flags") and "avx2" in line.split() for line in text.splitlines())


def pin_cpu_kernels(environ: dict[str, str] | None = None, cpuinfo: Path = Path("/proc/cpuinfo")) -> dict[str, str]:
    """Put PINS into `environ` (os.environ by default) where it has no value of its own, when the CPU
    has AVX2; returns what was set."""
    environ = os.environ if environ is None else environ
    if not has_avx2(cpuinfo):
        return {}
    pinned = {name: value for name, value in PINS.items() if name not in environ}
    environ.update(pinned)
    if pinned:
        log.debug("CTranslate2 kernels pinned: %s", ", ".join(f"{k}={v}" for k, v in pinned.items()))
    return pinned
