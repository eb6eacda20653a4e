#!/bin/sh
# Set up pushin on a fresh Debian or Ubuntu machine: system packages, then a
# virtualenv in .venv with pushin installed. `./setup.sh --test` also installs
# what the test suite needs (PulseAudio as a virtual microphone, espeak-ng and
# sox to make speech, tmux for the end-to-end test).
set -eu
cd "$(dirname "$0")"

APP_PACKAGES="libportaudio2"
TEST_PACKAGES="pulseaudio pulseaudio-utils libasound2-plugins espeak-ng sox tmux"
packages=$APP_PACKAGES
with_tests=no
if [ "${1:-}" = "--test" ]; then
    packages="$APP_PACKAGES $TEST_PACKAGES"
    with_tests=yes
fi

missing=""
for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        SUDO=none
    fi
    if [ "$SUDO" = none ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "setup: please install these system packages, then run this again:$missing" >&2
        echo "setup:   sudo apt-get install -y$missing" >&2
        exit 1
    fi
    echo "setup: installing system packages:$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

PYTHON=""
for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        PYTHON=$candidate
        break
    fi
done
if [ -z "$PYTHON" ]; then
    echo "setup: pushin needs Python 3.11 or newer (sudo apt-get install -y python3 python3-venv)" >&2
    exit 1
fi

if [ ! -x .venv/bin/python ]; then
    if ! "$PYTHON" -m venv .venv 2>/dev/null; then
        rm -rf .venv
        echo "setup: $PYTHON cannot make a virtualenv: sudo apt-get install -y python3-venv" >&2
        exit 1
    fi
fi
extras=""
[ "$with_tests" = yes ] && extras="[test]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".$extras"
echo "setup: ready (.venv)"
