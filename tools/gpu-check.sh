#!/usr/bin/env bash
# tools/gpu-check.sh [--dry-run]: the one-call check of backend-cuda on the GPU machine, run there from the
# repository root with $OUT set (the device tool's output folder) and the bundle of tools/gpu-bundle carried with
# the working tree (default dist/gpu-bundle). The machine has no Java and no Maven, so everything Java runs from the
# bundle; PyTorch's baseline runs from the machine's Python environment.
#
# Steps, in order of what matters most: the GPU and its libraries, `seqbench backends`, the conformance kit, the
# accuracy matrix (`seqbench verify`), the PyTorch baselines on cuda and cpu, `seqbench run --profile quick` on
# cuda, and one report of those runs. Each step has a time limit, clipped so that the whole stays within
# SEQBENCH_CHECK_BUDGET_S seconds (default 540) while leaving the later steps their minimum; a step that fails or
# runs out of time is recorded and the next one runs. Everything goes to $OUT: logs/NN-STEP.log, steps.tsv (step,
# status, exit code, seconds, limit) and summary.txt, which is also printed at the end. Exit status 0 when every
# step passed, 1 otherwise, 2 for a bad argument.
#
# On the development machine: tools/gpu-bundle dist/gpu-bundle; then the device tool runs `bash tools/gpu-check.sh`
# from the repository root with dist/gpu-bundle carried and a time limit of 600 s, which the default budget fits in.
# SEQBENCH_BUNDLE, SEQBENCH_CHECK_VENV (default /opt/torch/.venv) and SEQBENCH_CHECK_PYTORCH_FLAGS (default
# --trials 3) change where the bundle and Python are and what the baselines measure.
#
# --dry-run prints the steps (their limits and command lines) and runs nothing; it needs no bundle, GPU or $OUT.
#
# No `seqbench compare`: it matches cells by backend and device, and no two of these runs share a backend and a
# device, so every comparison would be empty; the report puts the runs side by side instead.
set -uo pipefail

self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
root="$(cd "$(dirname "$self")/.." && pwd)"
bundle="${SEQBENCH_BUNDLE:-$root/dist/gpu-bundle}"
budget="${SEQBENCH_CHECK_BUDGET_S:-540}"
venv="${SEQBENCH_CHECK_VENV:-/opt/torch/.venv}"
# The baselines' trials: a trial takes about a second a cell whatever the device (warm-up and iterations are timed),
# so quick's six trials of 24 cells would take two minutes a device; three fit the budget, and the headline is the
# fastest trial either way.
pytorch_flags="${SEQBENCH_CHECK_PYTORCH_FLAGS-"--trials 3"}"

# name, limit in seconds, minimum in seconds (a step is skipped when less than that is left for it).
steps=(
  "gpu 20 5"
  "libraries 30 5"
  "backends 60 15"
  "conformance 150 45"
  "verify 90 20"
  "pytorch-cuda 90 30"
  "pytorch-cpu 90 30"
  "run-plan 30 10"
  "run 240 45"
  "report 45 10"
)

die() {
  echo "gpu-check: $*" >&2
  exit 2
}

dry_run=false
case "${1:-}" in
  "") ;;
  --dry-run) dry_run=true ;;
  --step) ;;
  -h | --help)
    awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$self"
    exit 0
    ;;
  *) die "unknown argument '$1'; accepted: --dry-run, --help" ;;
esac
[[ "$budget" =~ ^[1-9][0-9]*$ ]] || die "SEQBENCH_CHECK_BUDGET_S must be a whole number of seconds, got '$budget'"

out="${OUT:-}"
if [[ "${1:-}" == --step ]]; then
  : # a step of a check: the check set up the environment below and exported it
elif $dry_run; then
  out="${out:-\$OUT}"
else
  [[ -n "$out" ]] || die "OUT is not set: give the folder the logs and results go to (OUT=DIR tools/gpu-check.sh)"
  mkdir -p "$out/logs" || die "cannot create $out/logs"
  out="$(cd "$out" && pwd)"
  export OUT="$out"
fi

if [[ "${1:-}" != --step ]]; then
  # Where backend-cuda looks for cuBLAS and NVRTC: an explicit SEQBENCH_CUDA_LIBRARIES or CUDA_HOME wins;
  # otherwise the nvidia wheels of the machine's Python environment (VIRTUAL_ENV), as a user of PyTorch's wheels
  # would have them.
  if [[ -z "${SEQBENCH_CUDA_LIBRARIES:-}" && -z "${CUDA_HOME:-}" && -z "${VIRTUAL_ENV:-}" && -d "$venv" ]]; then
    export VIRTUAL_ENV="$venv"
  fi
  # The kernels' NVRTC cache comes back with the results, where a compile problem can be read.
  export SEQBENCH_JAVA_OPTS="${SEQBENCH_JAVA_OPTS:+$SEQBENCH_JAVA_OPTS }-Dseqbench.cuda.cache=$out/cuda-cache"
  if [[ -e "$root/.git" ]]; then
    export SEQBENCH_HOME="$root"
  fi
fi
python="${VIRTUAL_ENV:-$venv}/bin/python"

# Prints the command line in a dry run; runs it (in place of this shell) otherwise.
run() {
  if $dry_run; then
    local word
    for word in "$@"; do
      [[ "$word" == *[[:space:]]* ]] && word="'$word'"
      printf '%s ' "$word"
    done
    echo
  else
    exec "$@"
  fi
}

gpu() {
  nvidia-smi || return
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,power.limit --format=csv
}

libraries() {
  echo "VIRTUAL_ENV=${VIRTUAL_ENV:-} SEQBENCH_CUDA_LIBRARIES=${SEQBENCH_CUDA_LIBRARIES:-} CUDA_HOME=${CUDA_HOME:-}"
  ls -l "${VIRTUAL_ENV:-$venv}"/lib/python3*/site-packages/nvidia/*/lib
  "$python" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.get_device_name(0))'
}

# The run.json files the runs of this check wrote: seqbench's in OUT/quick/<run-id>/, PyTorch's in OUT/pytorch-*/.
run_records() {
  local name
  for name in quick pytorch-cuda pytorch-cpu; do
    [[ -d "$out/$name" ]] && find "$out/$name" -maxdepth 3 -name run.json -print
  done
  return 0
}

step() {
  case "$1" in
    gpu)
      if $dry_run; then
        echo "nvidia-smi; nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,power.limit --format=csv"
      else
        gpu
      fi
      ;;
    libraries)
      if $dry_run; then
        echo "ls -l \$VIRTUAL_ENV/lib/python3*/site-packages/nvidia/*/lib; $python -c 'import torch; ...'"
      else
        libraries
      fi
      ;;
    backends) run "$bundle/seqbench" backends ;;
    conformance) run "$bundle/seqbench-conformance" --details=tree --reports-dir="$out/conformance-reports" ;;
    verify) run "$bundle/seqbench" verify --backends cuda ;;
    pytorch-cuda | pytorch-cpu)
      local device="${1#pytorch-}"
      if ! $dry_run && [[ ! -f "$root/tools/pytorch_baseline.py" ]]; then
        echo "tools/pytorch_baseline.py is not in this checkout"
        exit 3
      fi
      # shellcheck disable=SC2086 # the flags are words
      run "$python" "$root/tools/pytorch_baseline.py" --device "$device" --profile quick $pytorch_flags \
        --out "$out/pytorch-$device"
      ;;
    run-plan) run "$bundle/seqbench" run --profile quick --backends cuda --out "$out/quick" --dry-run ;;
    run) run "$bundle/seqbench" run --profile quick --backends cuda --out "$out/quick" ;;
    report)
      if $dry_run; then
        run "$bundle/seqbench" report "$out/quick/RUN_ID/run.json" "$out/pytorch-cuda/run.json" \
          "$out/pytorch-cpu/run.json" --out "$out/report"
        return
      fi
      local records=()
      mapfile -t records < <(run_records)
      if ((${#records[@]} == 0)); then
        echo "no run wrote a run.json under $out/quick, $out/pytorch-cuda or $out/pytorch-cpu"
        exit 3
      fi
      "$bundle/seqbench" report "${records[@]}" --out "$out/report" || exit
      cat "$out/report/summary.md"
      ;;
    *) die "no step '$1'; the steps: ${steps[*]%% *}" ;;
  esac
}

if [[ "${1:-}" == --step ]]; then
  step "$2"
  exit
fi

if $dry_run; then
  echo "gpu-check (dry run): budget ${budget}s, bundle $bundle, OUT $out"
  echo "environment: VIRTUAL_ENV=${VIRTUAL_ENV:-} SEQBENCH_CUDA_LIBRARIES=${SEQBENCH_CUDA_LIBRARIES:-}" \
    "SEQBENCH_JAVA_OPTS=$SEQBENCH_JAVA_OPTS"
  index=0
  for entry in "${steps[@]}"; do
    read -r name limit floor <<<"$entry"
    index=$((index + 1))
    printf '%02d %s (limit %ss, at least %ss):\n   ' "$index" "$name" "$limit" "$floor"
    (step "$name")
  done
  exit 0
fi

if [[ ! -x "$bundle/seqbench" ]]; then
  echo "gpu-check: no bundle at $bundle (build one with tools/gpu-bundle and carry it): the Java steps will fail"
fi

printf 'step\tstatus\texit\tseconds\tlimit\n' >"$out/steps.tsv"
start=$SECONDS
failures=0
index=0
count=${#steps[@]}
for entry in "${steps[@]}"; do
  read -r name limit floor <<<"$entry"
  index=$((index + 1))
  left=$((budget - (SECONDS - start)))
  log="$out/logs/$(printf '%02d' "$index")-$name.log"
  if ((left < floor)); then
    echo "skipped: ${left}s of the ${budget}s budget were left for it, and it needs at least ${floor}s" >"$log"
    printf '%s\tskipped\t-\t0\t-\n' "$name" >>"$out/steps.tsv"
    echo "gpu-check: [$index/$count] $name skipped (out of time)"
    failures=$((failures + 1))
    continue
  fi
  # The later steps keep their minimum where the budget has room for it; an earlier step never waits for them.
  reserve=0
  for later in "${steps[@]:index}"; do
    read -r _ _ later_floor <<<"$later"
    reserve=$((reserve + later_floor))
  done
  allowed=$((left - reserve > floor ? left - reserve : floor))
  allowed=$((allowed < limit ? allowed : limit))
  echo "gpu-check: [$index/$count] $name (up to ${allowed}s)"
  began=$SECONDS
  timeout --kill-after=10 "$allowed" bash "$self" --step "$name" >"$log" 2>&1 </dev/null
  status=$?
  took=$((SECONDS - began))
  case $status in
    0) verdict=passed ;;
    124 | 137) verdict="timed out" ;;
    *) verdict=failed ;;
  esac
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$verdict" "$status" "$took" "$allowed" >>"$out/steps.tsv"
  echo "gpu-check: [$index/$count] $name $verdict (exit $status, ${took}s)"
  if ((status != 0)); then
    failures=$((failures + 1))
    tail -n 15 "$log" | sed 's/^/    | /'
  fi
done

{
  echo "gpu-check: $((SECONDS - start))s of the ${budget}s budget; logs in $out/logs"
  column -t -s $'\t' "$out/steps.tsv" 2>/dev/null || cat "$out/steps.tsv"
  echo "$failures of $count steps did not pass"
} | tee "$out/summary.txt"
((failures == 0))
