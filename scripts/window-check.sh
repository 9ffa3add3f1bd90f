#!/usr/bin/env bash
# Opens the real explorer window on each display server a desktop may offer and checks
# that it presents a frame there:
#
#   wayland  a headless Weston compositor, started without XWayland and with DISPLAY
#            unset, so only a native Wayland client can open a window. The Wayland
#            protocol log (WAYLAND_DEBUG) must show the window's xdg_toplevel.
#   x11      an Xvfb server, with WAYLAND_DISPLAY unset.
#
# Each run uses IDEAGRAPH_STARTUP_PROBE: the window draws, presents, prints "first frame
# presented N ms after start" and closes itself. A screenshot of the X11 window is left
# in the output folder for a person to look at.
#
# Usage: scripts/window-check.sh BINARY [wayland|x11|all] [OUT_DIR]
# Needs (Debian): weston for wayland; xvfb and imagemagick for x11; and at run time what
# any desktop has: libwayland-client0, libwayland-egl1, libxkbcommon0, libegl1, libgl1,
# Mesa's drivers (libgl1-mesa-dri). Nothing here needs a -dev package.
set -euo pipefail

bin=${1:?usage: window-check.sh BINARY [wayland|x11|all] [OUT_DIR]}
which=${2:-all}
out=${3:-$(mktemp -d)}
mkdir -p "$out"
bin=$(realpath "$bin")
# No GPU on CI: Mesa's software rasteriser.
export LIBGL_ALWAYS_SOFTWARE=1
# A fresh preferences folder, so a remembered panel state cannot change what opens.
export XDG_DATA_HOME="$out/data" XDG_CONFIG_HOME="$out/config"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# Waits up to $2 seconds for the file $1 to exist.
wait_for() {
  for _ in $(seq 1 "$(($2 * 10))"); do [ -e "$1" ] && return 0; sleep 0.1; done
  return 1
}

# Runs the startup probe with a time limit; prints the probe's line or fails.
probe() {
  local log=$1
  if ! timeout 60 env IDEAGRAPH_STARTUP_PROBE=1 "$bin" >"$log.out" 2>"$log.err"; then
    echo "the window did not open and close cleanly; its output:" >&2
    tail -n 20 "$log.out" "$log.err" >&2
    return 1
  fi
  grep -q 'first frame presented' "$log.out" || {
    echo "no frame was presented:" >&2
    tail -n 20 "$log.out" "$log.err" >&2
    return 1
  }
  grep 'first frame presented' "$log.out"
}

# Starts a display server (NAME READY_PATH COMMAND...) in the background, logging to
# $out/NAME.log, and waits up to 20 s for READY_PATH (its socket) to appear.
start_server() {
  local name=$1 ready=$2
  shift 2
  "$@" >"$out/$name.log" 2>&1 &
  pids+=($!)
  wait_for "$ready" 20 || {
    echo "$name did not start:" >&2
    cat "$out/$name.log" >&2
    return 1
  }
}

check_wayland() {
  local runtime="$out/xdg-runtime"
  mkdir -p "$runtime" && chmod 700 "$runtime"
  export XDG_RUNTIME_DIR="$runtime"
  local socket=ideagraph-check
  # No --xwayland: an X11 client has nowhere to go.
  start_server weston "$runtime/$socket" weston --backend=headless-backend.so \
    --socket="$socket" --idle-time=0 --width=1600 --height=1000 || return 1
  echo "wayland (weston headless, no XWayland):"
  (
    unset DISPLAY
    export WAYLAND_DISPLAY=$socket WAYLAND_DEBUG=client
    probe "$out/wayland"
  )
  # The protocol log proves the window was a Wayland toplevel, not an X11 window.
  grep -q 'xdg_toplevel' "$out/wayland.err" || {
    echo "no xdg_toplevel in the Wayland protocol log: not a native Wayland window" >&2
    return 1
  }
  echo "  native Wayland toplevel: yes"
}

check_x11() {
  local display=:97
  start_server xvfb "/tmp/.X11-unix/X${display#:}" \
    Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp || return 1
  echo "x11 (Xvfb):"
  (
    unset WAYLAND_DISPLAY
    export DISPLAY=$display
    probe "$out/x11"
    # A look at the window: opened without the probe, shot after it has drawn.
    if command -v import >/dev/null; then
      "$bin" >/dev/null 2>&1 &
      local app=$!
      sleep 4
      import -window root "$out/x11.png" && echo "  screenshot: $out/x11.png"
      kill "$app" 2>/dev/null || true
    fi
  )
}

case $which in
  wayland) check_wayland ;;
  x11) check_x11 ;;
  all) check_wayland && check_x11 ;;
  *) echo "unknown display server: $which (wayland, x11 or all)" >&2; exit 2 ;;
esac
