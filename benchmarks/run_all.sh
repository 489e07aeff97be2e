#!/usr/bin/env bash
# Performance benchmarks (issue #5), each printing its tables; all output is also appended to benchmarks/results.log.
# Usage: benchmarks/run_all.sh            full run (~1-2 h on 2 cores: Reuters-21578 and 1M-vector ANN)
#        benchmarks/run_all.sh --quick    small sizes, a few minutes, to check everything runs
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 PYTHONWARNINGS=ignore
log=benchmarks/results.log
run() { echo "=== $* ($(date -u +%FT%TZ))" | tee -a "$log"; python -m "$@" 2>&1 | grep -v "Loading weights" | tee -a "$log"; }
if [[ "${1:-}" == "--quick" ]]; then
  run benchmarks.bench_build --articles 200 --sample 128 --rounds 1 --work /tmp/whomet-bench/quick-build
  run benchmarks.bench_query --articles 300 --cold 3 --rounds 2 --work /tmp/whomet-bench/quick-query
  run benchmarks.bench_ann --sizes 20000 --queries 100 --real /tmp/whomet-bench/quick-query/index
  run benchmarks.bench_reuters --limit 300 --work /tmp/whomet-bench/quick-reuters
  run benchmarks.bench_lexical --sizes 1000 --repeats 1
  run benchmarks.bench_grounding --rounds 1
else
  run benchmarks.bench_reuters                      # all of Reuters-21578: build, size, question latency
  run benchmarks.bench_build                        # encoders, pipeline overhead, incremental vs full (2,000 articles)
  run benchmarks.bench_build --articles 6000 --skip-backends --pipeline-only --work /tmp/whomet-bench/build6k
  run benchmarks.bench_lexical                      # BM25 build: bm25s vs the numpy builder
  run benchmarks.bench_query                        # ~10k chunks: cold CLI and warm question latency
  run benchmarks.bench_ann --sizes 100000,1000000   # ANN vs exact at 100k and 1M (synthetic and Reuters-derived)
  run benchmarks.bench_grounding                    # language-model answers: planted (un)supported sentences
fi
