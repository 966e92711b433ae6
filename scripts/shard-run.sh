#!/bin/sh
# One shard of a sharded run, for batch engines that give each task an index:
#   Kubernetes Indexed Job  JOB_COMPLETION_INDEX       (0-based)
#   Slurm job array         SLURM_ARRAY_TASK_ID         (minus SLURM_ARRAY_TASK_MIN)
#   AWS Batch array job     AWS_BATCH_JOB_ARRAY_INDEX   (0-based)
# or SHARD_INDEX set by hand. Settings, from the environment:
#   SHARD_COUNT  how many shards (Slurm: defaults to SLURM_ARRAY_TASK_COUNT)
#   COMMAND      the CLI command to shard (evaluate)
#   FLAGS        its flags, as on one machine (the same in every shard)
#   RESULTS      the folder for the shard files (shared storage); default ./results
# Each shard writes $RESULTS/$COMMAND-<k>-of-<n>.jsonl; started again, it resumes from that file.
# When all are done: npm run -s uae -- merge $RESULTS/$COMMAND-*-of-<n>.jsonl --json
set -eu
if [ -n "${SHARD_INDEX:-}" ]; then k=$SHARD_INDEX
elif [ -n "${JOB_COMPLETION_INDEX:-}" ]; then k=$JOB_COMPLETION_INDEX
elif [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then k=$((SLURM_ARRAY_TASK_ID - ${SLURM_ARRAY_TASK_MIN:-0}))
elif [ -n "${AWS_BATCH_JOB_ARRAY_INDEX:-}" ]; then k=$AWS_BATCH_JOB_ARRAY_INDEX
else
  echo "shard-run.sh: no shard index (JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX or SHARD_INDEX)" >&2
  exit 2
fi
n=${SHARD_COUNT:-${SLURM_ARRAY_TASK_COUNT:-}}
if [ -z "$n" ]; then
  echo "shard-run.sh: set SHARD_COUNT (how many shards)" >&2
  exit 2
fi
command=${COMMAND:-evaluate}
results=${RESULTS:-results}
mkdir -p "$results"
# FLAGS is split on spaces on purpose: it holds several flags.
# shellcheck disable=SC2086
exec npm run -s uae -- "$command" ${FLAGS:-} --shard "$k/$n" --out "$results/$command-$k-of-$n.jsonl"
