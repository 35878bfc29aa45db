#!/bin/bash
# Resident memory of `camaudit daemon` over time (docs/BENCHMARKS.md): idle, then listening on lo
# while it scans the simulated fleet every 10 minutes (its misbehaving hosts included) and
# hostile datagrams arrive at a steady rate. Loopback only. Needs root (the fleet binds port 80).
#   usage: Benchmarks/daemon-soak.sh CAMAUDIT IDLE_SECONDS SOAK_MINUTES OUTDIR
set -euo pipefail
camaudit="$(realpath "$1")"; idle="$2"; minutes="$3"; out="$4"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"; rm -f "$out"/inventory.sqlite* "$out"/rss.tsv
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
sample() {  # sample PID SECONDS PHASE
    local start=$SECONDS
    while [ $((SECONDS - start)) -lt "$2" ] && kill -0 "$1" 2>/dev/null; do
        printf '%s\t%s\t%s\n' "$(date +%s)" "$(rss "$1")" "$3" >> "$out/rss.tsv"
        sleep 10
    done
}

# 1. Idle: no interface, no schedule: the service as installed before it is configured.
cat > "$out/idle.yaml" <<YAML
inventory: $out/inventory.sqlite
metrics: {port: 19471}
YAML
"$camaudit" daemon --config "$out/idle.yaml" > "$out/idle.log" &
pids+=($!); daemon=$!
sleep 5
sample "$daemon" "$idle" idle
kill -TERM "$daemon"; wait "$daemon" || true

# 2. Soak: listening on lo, scanning the fleet every 10 minutes, hostile datagrams throughout.
"$camaudit" fleet serve --base 127.80.0.0 > "$out/fleet.log" 2>&1 &
pids+=($!)
sleep 3
{
    echo "inventory: $out/inventory.sqlite"
    echo "reports: {directory: $out/reports, formats: [html]}"
    echo "listen: {interfaces: [lo], record_interval: 30s}"
    echo "schedule: {scan_every: 10m, scan_on_start: true}"
    echo "rates: {probes_per_second: 1000, per_host_per_second: 50, timeout: 1s}"
    echo "metrics: {port: 19471}"
    echo "sites:"
    for n in 1 2 3 4 5 6; do echo "  - {name: Site $n, networks: [127.80.$n.0/27]}"; done
} > "$out/soak.yaml"
"$camaudit" daemon --config "$out/soak.yaml" > "$out/soak.log" &
pids+=($!); daemon=$!
python3 "$here/hostile_datagrams.py" $((minutes * 60)) 200 5000 > "$out/hostile.log" &
pids+=($!)
sample "$daemon" $((minutes * 60)) soak
kill -TERM "$daemon"; wait "$daemon" && echo "daemon stopped cleanly" || echo "daemon exit $?"
grep -c "scan.finished" "$out/soak.log" | sed 's/^/scans finished: /'
curl -s "http://127.0.0.1:19471/metrics" > /dev/null 2>&1 || true
echo "samples in $out/rss.tsv"
