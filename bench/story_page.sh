#!/usr/bin/env bash
# Load test of the story page on loopback: wkly (release build, demo data) for strangers
# (the page cache) and for a signed-in reader (rendered for them, cookie-carrying), and, in
# the same run, nginx serving the very same bytes as a static file.
# Reports requests/s and latency percentiles at 64 connections, time to ready, and RSS.
# Needs wrk and nginx (Debian packages wrk, nginx); installs them when missing and root.
# Usage: bench/story_page.sh [seconds per run, default 15]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-15}"
slug="canada-lenders-cut-fixed-mortgage-rates-november"
wport=18080; nport=18081
work="$(mktemp -d)"
trap 'kill ${wpid:-} ${npid:-} 2>/dev/null || true; nginx -c "$work/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$work"' EXIT

for tool in wrk nginx; do
  command -v "$tool" >/dev/null || { [ "$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null; }
done

cargo build --release -q -p wkly
bin=target/release/wkly

start=$(date +%s%N)
(cd "$work" && exec "$OLDPWD/$bin" demo --bind "127.0.0.1:$wport" --data-dir demo >"$work/wkly.out" 2>"$work/wkly.err") &
wpid=$!
for _ in $(seq 1 200); do
  curl -fs "http://127.0.0.1:$wport/healthz" >/dev/null 2>&1 && break
  sleep 0.05
done
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
wkly_ready=$(grep -o 'ready in [0-9]* ms' "$work/wkly.out" || true)

mkdir -p "$work/www"
curl -fs "http://127.0.0.1:$wport/s/$slug" -o "$work/www/story.html"
bytes=$(stat -c %s "$work/www/story.html")
cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  types { text/html html; }
  server { listen 127.0.0.1:$nport; root $work/www; }
}
CONF
mkdir -p "$work/tmp"
nginx -c "$work/nginx.conf"

run() { wrk -t2 -c64 -d"${secs}s" --latency "$1"; }
echo "warming up"; wrk -t2 -c64 -d3s "http://127.0.0.1:$wport/s/$slug" >/dev/null
wk=$(run "http://127.0.0.1:$wport/s/$slug")
ng=$(run "http://127.0.0.1:$nport/story.html")
# A signed-in reader: the demo's editor, whose password the demo printed.
password=$(grep -o 'password [0-9a-f]*' "$work/wkly.out" | awk '{print $2}')
session=$(curl -fs -o /dev/null -D - -X POST -H 'Sec-Fetch-Site: same-origin' \
  --data "login=demo_editor&password=$password" "http://127.0.0.1:$wport/signin" \
  | grep -io 'wkly_session=[0-9a-f]*' | head -1)
[ -n "$session" ] || { echo "could not sign in as demo_editor" >&2; exit 1; }
si=$(wrk -t2 -c64 -d"${secs}s" --latency -H "Cookie: $session" "http://127.0.0.1:$wport/s/$slug")
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$wpid/status")
hwm_kb=$(awk '/VmHWM/ {print $2}' "/proc/$wpid/status")

rps() { awk '/Requests\/sec/ {print $2}' <<<"$1"; }
pct() { awk -v p="$2" '$1 == p {print $2}' <<<"$1"; }
echo
echo "story page: $bytes bytes, wrk -t2 -c64 -d${secs}s on loopback (2 cores shared with wrk)"
printf '%-9s %12s %10s %10s\n' server req/s p50 p99
printf '%-9s %12s %10s %10s\n' wkly "$(rps "$wk")" "$(pct "$wk" 50%)" "$(pct "$wk" 99%)"
printf '%-9s %12s %10s %10s\n' nginx "$(rps "$ng")" "$(pct "$ng" 50%)" "$(pct "$ng" 99%)"
printf '%-9s %12s %10s %10s\n' signed-in "$(rps "$si")" "$(pct "$si" 50%)" "$(pct "$si" 99%)"
awk -v a="$(rps "$wk")" -v b="$(rps "$ng")" 'BEGIN { printf "wkly / nginx: %.2f\n", a / b }'
echo "ready: ${ready_ms} ms from launch to first /healthz 200 (wkly's own count: ${wkly_ready:-n/a}; includes creating and importing the demo)"
echo "wkly RSS after load: $((rss_kb / 1024)) MB (peak $((hwm_kb / 1024)) MB)"
