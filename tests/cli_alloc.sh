#!/usr/bin/env bash
# cli_alloc.sh: out of memory in `ganscope bench` ends in one clear line and exit 1, never a
# crash: the test-only failalloc shim (LD_PRELOAD, GS_FAILALLOC_LIB) fails the allocation of
# one chosen size. Skipped (77) where the shim is not built (sanitizer builds).
. "$(dirname "$0")/lib_cli.sh" "$1" cli_alloc
[ -n "${GS_FAILALLOC_LIB:-}" ] && [ -f "$GS_FAILALLOC_LIB" ] || { echo "SKIP: no failalloc shim"; exit 77; }

# the step-time array: 99,991 steps of 8 bytes. Before its check this was a NULL write.
GS_FAILALLOC_SIZE=$((99991 * 8)) LD_PRELOAD=$GS_FAILALLOC_LIB \
  expect 1 '^ganscope: bench: out of memory for 99991 step times$' -- bench --steps 99991 --threads 1

# the 2048x2048 sgemm reference (16 MiB a matrix): the ratio is "not measured", not 0%
GS_FAILALLOC_SIZE=$((2048 * 2048 * 4)) LD_PRELOAD=$GS_FAILALLOC_LIB \
  expect 1 'out of memory for the 2048x2048 sgemm reference' -- bench --steps 1 --threads 1
check "bench says the ratio was not measured" grep -q 'ratio *not measured' out.txt
check "bench still prints the step time" grep -q 'step time *median' out.txt

# without a failure the same bench works (the shim passes everything else through)
LD_PRELOAD=$GS_FAILALLOC_LIB "$bin" bench --steps 1 --threads 1 >out.txt 2>err.txt
check "bench with the shim and no failure exits 0" test $? = 0
check "and measures the ratio" grep -qE 'ratio *[0-9]+% of the sgemm peak' out.txt
# the kernel OpenBLAS picked and the environment that can steer it, as this process saw it
check "and names OpenBLAS's kernel and the environment" \
  grep -qE "^  openblas +[A-Za-z0-9_]+ kernels \(OPENBLAS_CORETYPE ${OPENBLAS_CORETYPE:-unset}, OPENBLAS_L2_SIZE ${OPENBLAS_L2_SIZE:-unset}\); .*OpenBLAS" out.txt
check "and which build of the direct loops runs" grep -qE '^  direct conv +(x86-64-v3 \(AVX2\)|baseline x86-64|single build) build' out.txt
check "and what a run of the thread pool costs" grep -qE '^  thread pool +[0-9]+\.[0-9]+ us to hand out' out.txt
finish
