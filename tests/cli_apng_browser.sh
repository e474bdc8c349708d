#!/usr/bin/env bash
# cli_apng_browser.sh: the animated PNG `ganscope export` writes plays in a browser: headless
# Chromium, then headless Firefox, show a page holding it, screenshots at 0.3 s and 5.5 s
# (6 frames 1 s apart, so each moment is half a frame or more from a change: at 0.4 s
# apart a loaded machine took the first one in the second frame) differ, and the first is the run's first frame, the second its last
# (by mean brightness). A browser that is not installed is left out; skipped (77) without
# either (setup-debian.sh --test installs both). Usage: cli_apng_browser.sh path/to/ganscope
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib_cli.sh" "$1" apng_browser
have_chromium=0 have_firefox=0
command -v chromium >/dev/null || command -v chromium-browser >/dev/null && have_chromium=1
command -v firefox-esr >/dev/null || command -v firefox >/dev/null && have_firefox=1
[ $have_chromium = 1 ] || [ $have_firefox = 1 ] || { echo "no chromium or firefox: skipped"; exit 77; }

"$bin" train --steps 20 --replay-every 4 --threads 1 --out run >/dev/null 2>&1
check "train exits 0" test $? = 0
"$bin" export run --out anim.png --delay 1000 2>/dev/null
check "export exits 0" test $? = 0
printf '<!doctype html><body style="margin:0;background:#000"><img src="anim.png"></body>\n' >page.html
# plays NAME SCRIPT: the browser's two screenshots differ, grey first, darker later
plays() {
  rm -f first.png second.png
  /usr/bin/python3 "$here/$2" page.html . 300 5500
  local rc=$?
  check "$1 took both screenshots" test "$rc" = 0
  check "$1: the two moments differ (the animation plays)" bash -c '! cmp -s first.png second.png'
  if command -v convert >/dev/null; then
    # the first frame is the untrained generator's grey; by step 20 the background is darker
    a=$(convert first.png -crop 240x240+0+0 -format "%[fx:mean]" info:)
    b=$(convert second.png -crop 240x240+0+0 -format "%[fx:mean]" info:)
    check "$1: first screenshot grey ($a), second darker ($b)" awk -v a="$a" -v b="$b" 'BEGIN { exit !(a > 0.3 && b < a - 0.05) }'
  fi
}
[ $have_chromium = 1 ] && plays chromium apng_browser.py
[ $have_firefox = 1 ] && plays firefox apng_firefox.py
finish
