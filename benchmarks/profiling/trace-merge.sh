#!/bin/bash
# Traces Sahana.Sync's merge of import-run's second file: attaches dotnet-trace once the first file's floor is done
# and stops it when the merge has printed its line, then converts the trace for speedscope-sum.py.
# usage (from the repository root, after a Release build and `dotnet tool restore`):
#   benchmarks/profiling/trace-merge.sh sqlite|postgres plain|references|pydal|conflicts ROWS OUT
# writes OUT.nettrace and OUT.speedscope.json; postgres needs SAHANA_SYNC_POSTGRES.
set -euo pipefail
provider=$1 shape=$2 rows=$3 out=$4
log=$(mktemp)
dotnet run -c Release --no-build --project benchmarks/Sahana.Sync.Benchmarks -- \
  import-run "$rows" "$provider" --shape "$shape" > "$log" 2>&1 &
until grep -q "^floor .* empty" "$log"; do sleep 0.5; done
pid=$(pgrep -f "Sahana.Sync.Benchmarks import-run" | head -1)
dotnet dotnet-trace collect -p "$pid" --profile dotnet-sampled-thread-time -o "$out.nettrace" > /dev/null 2>&1 &
tracer=$!
until grep -q "^sahana .* merge" "$log"; do sleep 0.5; done
kill -INT "$tracer"; wait "$tracer" || true
wait
grep -E "^(sahana|floor|fold)" "$log"
dotnet dotnet-trace convert --format speedscope "$out.nettrace" -o "$out" > /dev/null
