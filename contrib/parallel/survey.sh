#!/bin/bash
# A sharded archive survey on one machine (or several, with GNU parallel's
# --sshlogin and a shared OUT), in three lines: pass 1, pass 2, merge.
#
#   contrib/parallel/survey.sh N REPO SUITE OUT [survey options...]
#
# tests/survey/check-slurm runs it and compares its report with the
# unsharded survey's.
set -euo pipefail
n=$1 repo=$2 suite=$3 out=$4
shift 4
audit=${AFALG_AUDIT:-afalg-audit}
mkdir -p -m 0700 "$out/state" "$out/links" "$out/survey"
export audit repo suite out n

parallel --halt now,fail=1 "$audit survey -q $* --shard {}/$n --state $out/state/{} --links-out $out/links/{}.links -o $out/state/{}.pass1.json $repo $suite || [ \$? -eq 2 ]" ::: $(seq "$n")
parallel --halt now,fail=1 "$audit survey -q $* --shard {}/$n --state $out/state/{} $(for i in $(seq "$n"); do printf -- '--links-from %s ' "$out/links/$i.links"; done) -o $out/survey/{}.json $repo $suite || [ \$? -eq 2 ]" ::: $(seq "$n")
"$audit" report --no-kernel -f json -o "$out/report.json" "$out/survey"
