"""CTranslate2's CPU kernels are pinned, so a memo reads the same on every machine (transcribe.kernels)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from transcribe.kernels import PINS, has_avx2, pin_cpu_kernels

REPO = Path(__file__).resolve().parent.parent
AVX2_FLAGS = "processor\t: 0\nflags\t\t: fpu sse sse2 avx avx2 fma\n"
NO_AVX2_FLAGS = "processor\t: 0\nflags\t\t: fpu sse sse2 avx\n"


def cpuinfo(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cpuinfo"
    path.write_text(text)
    return path


def test_a_cpu_with_avx2_gets_every_pin(tmp_path):
    environ: dict[str, str] = {}
    assert pin_cpu_kernels(environ, cpuinfo(tmp_path, AVX2_FLAGS)) == PINS
    assert environ == {"CT2_USE_MKL": "0", "CT2_FORCE_CPU_ISA": "AVX2", "ONEDNN_MAX_CPU_ISA": "AVX2"}


def test_a_setting_the_user_made_wins(tmp_path):
    environ = {"CT2_USE_MKL": "1"}
    pinned = pin_cpu_kernels(environ, cpuinfo(tmp_path, AVX2_FLAGS))
    assert "CT2_USE_MKL" not in pinned and environ["CT2_USE_MKL"] == "1"
    assert environ["CT2_FORCE_CPU_ISA"] == "AVX2"


def test_without_avx2_or_readable_flags_nothing_is_forced(tmp_path):
    # Forcing an ISA the CPU lacks makes CTranslate2 refuse to load the model.
    environ: dict[str, str] = {}
    assert pin_cpu_kernels(environ, cpuinfo(tmp_path, NO_AVX2_FLAGS)) == {} and environ == {}
    assert not has_avx2(tmp_path / "missing")
    assert not has_avx2(cpuinfo(tmp_path, "flags\t: avx2x avx512f\n"))  # whole flags only


@pytest.mark.slow
@pytest.mark.skipif(not has_avx2(), reason="this CPU has no AVX2: CTranslate2 keeps its own choice")
def test_the_model_runs_on_the_pinned_kernels():
    # A fresh process, as the app starts: importing pushin's transcriber pins the kernels before CTranslate2
    # loads, and CTranslate2 and oneDNN report what they chose when asked to be verbose (oneDNN once it runs:
    # on a CPU with VNNI it would name "Intel AVX2 with Intel DL Boost" or AVX-512 had the pin not held).
    env = {k: v for k, v in os.environ.items() if k not in PINS}
    env.update(CT2_VERBOSE="1", ONEDNN_VERBOSE="1")
    code = ("import os, tempfile, pathlib, numpy; from models.config import Config; "
            "from transcribe.engine import Transcriber; "
            "t = Transcriber(config=Config(), home=pathlib.Path(tempfile.mkdtemp())); t.load(); "
            "t.transcribe(numpy.zeros(8000, numpy.int16)); "
            "print(*(os.environ.get(name) for name in ('CT2_USE_MKL', 'CT2_FORCE_CPU_ISA', 'ONEDNN_MAX_CPU_ISA')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[-1].split() == ["0", "AVX2", "AVX2"]  # set in the process, not by this test
    assert "Selected ISA: AVX2" in result.stderr and "Use Intel MKL: false" in result.stderr, result.stderr[-2000:]
    assert "GEMM_S8 backend: DNNL" in result.stderr
    assert "cpu,isa:Intel AVX2\n" in result.stdout + result.stderr, (result.stdout + result.stderr)[-2000:]
