#!/bin/bash
# `evaluate` over 1,000 MNIST test images as a Slurm job array of 8 tasks, each one shard:
#   sbatch deploy/slurm/evaluate-array.sh
# run from the repository's folder on shared storage (dependencies installed: npm ci). Each task
# writes results/evaluate-k-of-8.jsonl; a requeued task resumes from its file. When all are done:
#   npm run -s uae -- merge results/evaluate-*-of-8.jsonl --json
#SBATCH --job-name=minmax-evaluate
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=12:00:00
#SBATCH --output=results/slurm-%A_%a.log
set -euo pipefail
export SHARD_COUNT=${SHARD_COUNT:-8}
export COMMAND=${COMMAND:-evaluate}
export FLAGS=${FLAGS:---method minmax --n 1000 --iters 300 --critic lite --seed 1 --json}
export RESULTS=${RESULTS:-results}
exec sh scripts/shard-run.sh
