#!/usr/bin/env bash
# Side-by-side speed and memory of ganscope and PyTorch on the tutorial's model, as the
# README's performance table reports them. Usage:
#   packaging/compare-pytorch.sh TORCH_DCGAN_PY [ROUNDS]
# TORCH_DCGAN_PY is a PyTorch rebuild of the tutorial's dcgan_mnist.py that prints
# "... N ms/step" (flags --batch --steps --threads --gdepth --dwidth); Debian's
# python3-torch runs it. Runs alternate A B A B so a drifting machine hits both alike.
set -euo pipefail
torch_py=${1:?usage: $0 TORCH_DCGAN_PY [ROUNDS]}
rounds=${2:-3}
bin=${GANSCOPE_BIN:-build/ganscope}
py=/usr/bin/python3

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
ours() { # preset batch threads -> "ms MB"
  "$bin" bench --preset "$1" --batch "$2" --threads "$3" --steps "$4" |
    awk '/step time/ {ms=$4} /peak memory/ {mb=$3} END {print ms, mb}'
}
theirs() { # batch threads steps extra... -> "ms MB"
  local b=$1 t=$2 n=$3; shift 3
  /usr/bin/time -f "RSS %M" "$py" "$torch_py" --batch "$b" --threads "$t" --steps "$n" "$@" 2>&1 |
    awk '/ms\/step/ {for (i=1;i<=NF;i++) if ($i=="ms/step,") ms=$(i-1)} /^RSS/ {mb=$2/1024} END {print ms, mb}'
}
row() { # label preset batch threads steps torch-extra...
  local label=$1 preset=$2 b=$3 t=$4 n=$5; shift 5
  local a=() p=() am=() pm=()
  for _ in $(seq "$rounds"); do
    read -r ms mb < <(ours "$preset" "$b" "$t" "$n"); a+=("$ms"); am+=("$mb")
    read -r ms mb < <(theirs "$b" "$t" "$n" "$@"); p+=("$ms"); pm+=("$mb")
  done
  local ma mp
  ma=$(printf '%s\n' "${a[@]}" | median); mp=$(printf '%s\n' "${p[@]}" | median)
  printf '%-28s ganscope %8.1f ms  pytorch %8.1f ms  speed-up %5.2fx  memory %5.0f MB vs %5.0f MB\n' \
    "$label" "$ma" "$mp" "$(awk -v a="$ma" -v b="$mp" 'BEGIN {print b / a}')" \
    "$(printf '%s\n' "${am[@]}" | median)" "$(printf '%s\n' "${pm[@]}" | median)"
}
row "keras, batch 64, 2 threads" keras 64 2 3
row "fast, batch 64, 2 threads" fast 64 2 10 --gdepth 64 --dwidth 16
