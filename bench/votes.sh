#!/usr/bin/env bash
# Votes and reactions per second that wkly holds on SQLite, with no loss: wrk posts poll
# votes and reactions on loopback, each from a new signed-out browser, then the database
# is counted: it must hold every action wkly answered as stored (no loss), and no more
# than were sent (no double counts). Requests still in flight when wrk stops are sent
# but unanswered: the server may or may not have stored them.
# Rate limits are off for the run (one loopback address stands for every reader).
# Needs wrk (Debian package wrk; installed when missing and root) and python3.
# Usage: bench/votes.sh [seconds, default 15] [connections, default 32]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-15}"; conns="${2:-32}"
slug="canada-lenders-cut-fixed-mortgage-rates-november"
port=18090
work="$(mktemp -d)"
trap 'kill ${wpid:-} 2>/dev/null || true; rm -rf "$work"' EXIT

command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
cargo build --release -q -p wkly
bin="$PWD/target/release/wkly"

(cd "$work" && WKLY_SERVER__RATE_LIMITS=false exec "$bin" demo --bind "127.0.0.1:$port" --data-dir demo \
  >"$work/wkly.out" 2>"$work/wkly.err") &
wpid=$!
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.05; done

db="$work/demo/wkly.db"
count() {
  python3 - "$db" "$slug" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
story = con.execute("SELECT id FROM stories WHERE slug = ?", (sys.argv[2],)).fetchone()[0]
votes = con.execute("SELECT COUNT(*) FROM votes v JOIN polls p ON p.id = v.poll_id WHERE p.story_id = ?", (story,)).fetchone()[0]
useful = con.execute("SELECT COUNT(*) FROM reactions WHERE story_id = ? AND kind = 'useful'", (story,)).fetchone()[0]
print(votes, useful)
PY
}
read -r votes0 useful0 < <(count)
option=$(curl -fs "http://127.0.0.1:$port/s/$slug" | grep -o 'name="option" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"//')
rss_before=$(awk '/VmRSS/ {print $2}' "/proc/$wpid/status")

out=$(WKLY_BENCH_SLUG="$slug" WKLY_BENCH_OPTION="$option" WKLY_BENCH_ORIGIN="http://127.0.0.1:$port" \
  wrk -t2 -c"$conns" -d"${secs}s" --latency -s bench/votes.lua "http://127.0.0.1:$port")
echo "$out"
sleep 1 # let requests cut off by wrk's stop finish on the server before counting
rss_after=$(awk '/VmRSS/ {print $2}' "/proc/$wpid/status")
read -r votes1 useful1 < <(count)
answered_votes=$(echo "$out" | sed -n 's/.*voted=\([0-9]*\).*/\1/p')
answered_reactions=$(echo "$out" | sed -n 's/.*reacted=\([0-9]*\).*/\1/p')
sent_votes=$(echo "$out" | sed -n 's/^SENT votes=\([0-9]*\).*/\1/p')
sent_reactions=$(echo "$out" | sed -n 's/^SENT .*reactions=\([0-9]*\).*/\1/p')
stored_votes=$((votes1 - votes0)); stored_reactions=$((useful1 - useful0))
echo "votes: stored $stored_votes, answered $answered_votes, sent $sent_votes"
echo "reactions: stored $stored_reactions, answered $answered_reactions, sent $sent_reactions"
echo "wkly RSS: ${rss_before} kB before, ${rss_after} kB after"
if [ "$stored_votes" -lt "$answered_votes" ] || [ "$stored_reactions" -lt "$answered_reactions" ]; then
  echo "LOSS: wkly answered more actions as stored than the database holds" >&2
  exit 1
fi
if [ "$stored_votes" -gt "$sent_votes" ] || [ "$stored_reactions" -gt "$sent_reactions" ]; then
  echo "DOUBLE COUNT: the database holds more actions than were sent" >&2
  exit 1
fi
echo "no loss, no double count: answered <= stored <= sent for votes and reactions"
