#!/usr/bin/env bash
# Screenshots for the README, taken from the real window under Xvfb with the
# network switched off (a fresh network namespace: no interfaces but loopback).
# Needs: xvfb xauth imagemagick xdotool (Debian), root for `unshare -n`.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release
out=docs/screenshots
mkdir -p "$out"
state=$(mktemp -d)   # fresh settings, so the default view is shown
export XDG_DATA_HOME="$state" HOME="$state"
unshare -n xvfb-run -a -s "-screen 0 1280x800x24" bash -c "
  ${CARGO_TARGET_DIR:-target}/release/route-explorer & P=\$!
  sleep 3; xdotool mousemove 1275 795; sleep 2; import -window root $out/map.png
  # Select Kyrgyzstan route 2 in the list: the map fits to it.
  xdotool search --sync --name 'Route & Seizure Explorer' windowactivate >/dev/null 2>&1 || true
  xdotool mousemove 150 378 click 1; sleep 2
  xdotool mousemove 640 400; sleep 1
  import -window root $out/map-route-selected.png
  xdotool mousemove 391 51 click 1; sleep 2
  import -window root $out/charts.png
  # Back to the map; Chokepoints tab, Karaganda: its routes lit, corridor summary.
  xdotool mousemove 336 51 click 1; sleep 1
  xdotool mousemove 139 45 click 1; sleep 1
  xdotool mousemove 75 362 click 1; sleep 2
  xdotool mousemove 1275 795; sleep 1
  import -window root $out/chokepoints.png
  kill \$P
"
rm -rf "$state"
echo "wrote $out/map.png $out/map-route-selected.png $out/charts.png $out/chokepoints.png"
