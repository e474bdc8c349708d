#!/usr/bin/env bash
# check-deb.sh: installs a ganscope .deb (apt pulls its Depends), checks it from the installed
# files only (version, a short headless training, a sample, the window's font, the desktop
# entry and AppStream metadata validated), then removes it again unless it was installed
# before. Usage (as root or with sudo): packaging/check-deb.sh build/ganscope_*.deb
set -euo pipefail
if [ $# != 1 ] || [ ! -f "$1" ]; then
  echo "usage: $0 path/to/ganscope_VERSION_ARCH.deb" >&2
  exit 2
fi
deb=$(realpath "$1")
id=$(dpkg-deb -c "$deb" | sed -n 's#.*/usr/share/applications/\(.*\)\.desktop$#\1#p')
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"

was_installed=0
dpkg-query -W -f='${Status}' ganscope 2>/dev/null | grep -q "ok installed" && was_installed=1
tmp=$(mktemp -d)
cleanup() {
  [ "$was_installed" = 1 ] || $sudo dpkg -r ganscope >/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$deb" >"$tmp/apt.log" 2>&1 ||
  { cat "$tmp/apt.log"; exit 1; }

# From an empty directory with an empty home: nothing but the installed files to go on.
mkdir -p "$tmp/home" "$tmp/cwd"
cd "$tmp/cwd"
export HOME=$tmp/home
unset GANSCOPE_DATA GANSCOPE_ASSETS XDG_DATA_HOME
[ "$(command -v ganscope)" = /usr/bin/ganscope ] || { echo "check-deb: ganscope is not /usr/bin/ganscope"; exit 1; }
ganscope --version
ganscope train --steps 20 --out "$tmp/run"
ganscope sample --checkpoint "$tmp/run/checkpoint.gsck" --count 16 --out "$tmp/sample.png"
[ -s "$tmp/sample.png" ] || { echo "check-deb: no sample written"; exit 1; }
# The window (SDL's offscreen driver) must take its font from the install (under /usr/share),
# not from the source tree the program was built in: strace shows which file it opens.
[ -e /usr/share/ganscope/assets/DejaVuSans.ttf ] || { echo "check-deb: the font link is broken"; exit 1; }
run_window() { SDL_VIDEODRIVER=offscreen "$@" --steps 5 --exit-after 2 --out "$tmp/window" 2>"$tmp/window.err"; }
if command -v strace >/dev/null && strace -o /dev/null true 2>/dev/null; then
  run_window strace -f -qq -e trace=open,openat -o "$tmp/trace" ganscope ||
    { cat "$tmp/window.err"; echo "check-deb: the window failed"; exit 1; }
  font=$(grep -o '"[^"]*DejaVuSans\.ttf"' "$tmp/trace" | head -1 | tr -d '"')
  case "$font" in
    /usr/share/* | /usr/bin/../share/*) echo "window font: $font" ;;
    *) echo "check-deb: the window's font is '$font', not the installed one"; exit 1 ;;
  esac
else
  echo "check-deb: strace unavailable, the font's location is not checked"
  run_window ganscope || { cat "$tmp/window.err"; echo "check-deb: the window failed"; exit 1; }
fi
if grep -q "no usable font" "$tmp/window.err"; then cat "$tmp/window.err"; exit 1; fi
desktop-file-validate "/usr/share/applications/$id.desktop"
appstreamcli validate --no-net "/usr/share/metainfo/$id.metainfo.xml"
[ -f /usr/share/man/man1/ganscope.1.gz ] || { echo "check-deb: no man page"; exit 1; }
echo "check-deb: $(basename "$deb") installs, trains, samples, opens and validates"
