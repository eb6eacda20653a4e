"""`pushin doctor` reports what works, checked for real."""

import os
import subprocess
import sys


def doctor(home, env):
    return subprocess.run([sys.executable, "-m", "tui", "doctor", "--no-model-load"], capture_output=True, text=True,
                          env={"PATH": os.environ["PATH"], "PUSHIN_HOME": str(home), **env})


def test_doctor_without_a_microphone_says_so_and_fails(tmp_path):
    # Point PulseAudio at a socket that does not exist: no input device at all.
    result = doctor(tmp_path / "home", {"PULSE_SERVER": f"unix:{tmp_path}/no-such-socket"})
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("ok   database") for line in lines), result.stdout
    assert any(line.startswith("ok   model tiny.en") and "checksum verified" in line for line in lines)
    assert any(line.startswith("FAIL microphone: no input device") for line in lines), result.stdout


def test_doctor_with_the_virtual_microphone_is_all_ok(tmp_path, virtual_mic):
    (tmp_path / "home").mkdir(mode=0o700)
    config = tmp_path / "home" / "config.toml"
    config.write_text('input_device = "pulse"\n')
    config.chmod(0o600)
    result = doctor(tmp_path / "home", virtual_mic.env({}))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok   microphone: pulse" in result.stdout
    assert "ok   home" in result.stdout and "private (0700/0600)" in result.stdout


def test_doctor_flags_files_others_can_read(tmp_path):
    home = tmp_path / "home"
    doctor(home, {})
    (home / "audio" / "1.wav").write_bytes(b"RIFF")
    os.chmod(home / "audio" / "1.wav", 0o644)
    result = doctor(home, {"PULSE_SERVER": f"unix:{tmp_path}/no-such-socket"})
    assert "warn readable by others" in result.stdout and "1.wav" in result.stdout
