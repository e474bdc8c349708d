#!/usr/bin/env bash
# cli_install.sh: `cmake --install` into a temporary prefix lays out what the Debian package
# ships (program, assets, desktop entry, AppStream metadata, icons, man page, copyright), the
# man page documents every flag the commands' --help lists, and the installed program finds
# its data under that prefix. Usage: cli_install.sh path/to/build/ganscope
set -u
bin=$1
build=$(cd "$(dirname "$bin")" && pwd)
src=${GS_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
tmp=${GS_TEST_TMP:-/tmp/ganscope-cli}/install
rm -rf "$tmp" && mkdir -p "$tmp" || exit 1
prefix=$tmp/prefix
fails=0

fail() { fails=$((fails + 1)); echo "FAIL: $*"; }

if ! cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
  cat "$tmp/install.log"
  echo "FAIL: cmake --install $build"
  exit 1
fi

id=$(sed -n 's/^GS_APP_ID:STRING=//p' "$build/CMakeCache.txt")
share=$prefix/share
for f in "bin/ganscope" "share/applications/$id.desktop" "share/metainfo/$id.metainfo.xml" \
         "share/doc/ganscope/copyright" "share/doc/ganscope/changelog.gz" \
         "share/ganscope/assets/DejaVuSans.ttf" \
         "share/ganscope/assets/DejaVuSans-LICENSE.txt" "share/ganscope/assets/MNIST-ATTRIBUTION.txt"; do
  [ -s "$prefix/$f" ] || fail "not installed: $f"
done
[ -x "$prefix/bin/ganscope" ] || fail "bin/ganscope is not executable"
# Debian's changelog and the AppStream releases have an entry for this version on top.
version=$("$bin" --version | awk '{print $2}')
zcat "$prefix/share/doc/ganscope/changelog.gz" 2>/dev/null | head -1 | grep -qF "ganscope ($version)" ||
  fail "packaging/changelog's first entry is not ganscope ($version)"
grep -m1 '<release ' "$share/metainfo/$id.metainfo.xml" | grep -qF "version=\"$version\"" ||
  fail "the metainfo's first release is not $version"
# Everything in assets/ (the judge's weights too) is installed.
for f in "$src"/assets/*; do
  [ -e "$share/ganscope/assets/$(basename "$f")" ] || fail "asset not installed: $(basename "$f")"
done

# Icons: PNGs of the size their directory names (the width and height in the IHDR chunk).
for px in 48 64 128 256; do
  icon=$share/icons/hicolor/${px}x${px}/apps/$id.png
  if [ ! -s "$icon" ]; then fail "no ${px}px icon"; continue; fi
  magic=$(od -An -tx1 -N8 "$icon" | tr -d ' \n')
  size=$(od -An -tu1 -j16 -N8 "$icon" | awk '{print $3*256+$4 "x" $7*256+$8}')
  [ "$magic" = 89504e470d0a1a0a ] || fail "$icon is not a PNG"
  [ "$size" = "${px}x${px}" ] || fail "$icon is $size, not ${px}x${px}"
done

# The entry and the metadata point at each other and at the icon, and validate.
grep -qx "Icon=$id" "$share/applications/$id.desktop" || fail "desktop entry's Icon is not $id"
grep -qx "Exec=ganscope" "$share/applications/$id.desktop" || fail "desktop entry's Exec is not ganscope"
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$share/metainfo/$id.metainfo.xml" ||
  fail "metainfo's launchable is not $id.desktop"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$share/applications/$id.desktop" || fail "desktop-file-validate"
else
  echo "note: desktop-file-validate not installed (packaging/setup-debian.sh --test); skipped"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$share/metainfo/$id.metainfo.xml" >"$tmp/as.log" 2>&1 ||
    { cat "$tmp/as.log"; fail "appstreamcli validate"; }
else
  echo "note: appstreamcli not installed (packaging/setup-debian.sh --test); skipped"
fi

# The man page: gzipped, renders without warnings, and names every flag of every command.
man=$share/man/man1/ganscope.1.gz
if gzip -t "$man" 2>/dev/null; then
  zcat "$man" >"$tmp/ganscope.1"
  grep -q '@[A-Z_]*@' "$tmp/ganscope.1" && fail "man page has an unreplaced @VARIABLE@"
  if command -v man >/dev/null; then
    LC_ALL=C.UTF-8 MANWIDTH=100 man --warnings -l "$tmp/ganscope.1" 2>"$tmp/man.err" >"$tmp/man.txt"
    [ -s "$tmp/man.err" ] && { cat "$tmp/man.err"; fail "man page warnings"; }
    text=$tmp/man.txt
  else
    sed 's/\\-/-/g' "$tmp/ganscope.1" >"$tmp/man.txt" && text=$tmp/man.txt
  fi
  for cmd in window train sample score classifier bench inspect plot scenarios export; do
    grep -q "$cmd" "$text" || fail "man page does not mention the command $cmd"
    for flag in $("$bin" "$cmd" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
      [ "$flag" = --help ] && continue
      grep -qe "$flag" "$text" || fail "man page lacks $cmd's flag $flag"
    done
  done
else
  fail "$man missing or not gzip"
fi

# The installed program finds PREFIX/share/ganscope/mnist although it was built for another
# prefix: the built-in test set, copied there, is what it trains on.
mkdir -p "$share/ganscope/mnist" "$tmp/cwd" "$tmp/home"
cp "$src/assets/mnist-t10k-images-idx3-ubyte.gz" "$share/ganscope/mnist/t10k-images-idx3-ubyte.gz"
cp "$src/assets/mnist-t10k-labels-idx1-ubyte.gz" "$share/ganscope/mnist/t10k-labels-idx1-ubyte.gz"
(cd "$tmp/cwd" && env -u GANSCOPE_DATA -u XDG_DATA_HOME HOME="$tmp/home" \
  "$prefix/bin/ganscope" train --steps 1 --out "$tmp/run" >"$tmp/train.out" 2>&1)
got=$?
if [ "$got" != 0 ] || ! grep -q "on $share/ganscope/mnist/t10k-images-idx3-ubyte.gz" "$tmp/train.out"; then
  fail "installed ganscope (status $got) did not train on $share/ganscope/mnist:"
  sed 's/^/    /' "$tmp/train.out"
fi

[ "$fails" = 0 ] && echo "install layout, metadata, man page and data lookup: ok"
[ "$fails" = 0 ]
