#!/usr/bin/env bash
# Benchmark, one run: cases per second of `clause eval --cases`, of the generated Python
# (`evaluate_csv`) and of the generated JavaScript in Node (`evaluate` on the same cases as
# JSON) and of the generated SQL on DuckDB (`duckdb` Python package; DUCKDB_PYTHON names the
# python3 that has it), on the same N dated cases (default 100 000); the checksums (sum of
# every yearly total, in cents) must be equal. Usage: codegen/bench/run.sh [N] [VERSION]
# Uses target/release/clause (built with `cargo build --release` when missing).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
n="${1:-100000}"
version="${2:-aci_cpts_2019}"
work="${BENCH_DIR:-target/bench-compile}"
mkdir -p "$work"
[ -x target/release/clause ] || cargo build --release -q -p clause
clause=target/release/clause
# The generator's speed does not matter here: any build that knows `compile` will do.
compiler="${CLAUSE_COMPILER:-$clause}"

python3 "$here/cases.py" "$n" "$work/cases.csv" "$work/cases.jsonl"
$compiler compile "$version" --target python --out "$work/evaluator.py"
$compiler compile "$version" --target javascript --out "$work/evaluator.mjs"
$compiler compile "$version" --target sql --out "$work/evaluator.sql"
duckdb_python="${DUCKDB_PYTHON:-python3}"

seconds() { python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.2f}")' "$1" "$2"; }
now() { date +%s.%N; }

start=$(now); $clause eval "$version" --cases "$work/cases.csv" --out "$work/clause.csv" 2>/dev/null; end=$(now)
t_clause=$(seconds "$start" "$end")
start=$(now); python3 "$work/evaluator.py" --cases "$work/cases.csv" --out "$work/python.csv" 2>/dev/null; end=$(now)
t_python=$(seconds "$start" "$end")
start=$(now); node "$here/bench_js.mjs" "$root/$work/evaluator.mjs" "$work/cases.jsonl" > "$work/javascript.sum"; end=$(now)
t_js=$(seconds "$start" "$end")
read -r t_sql sum_sql < <("$duckdb_python" "$here/bench_sql.py" "$work/evaluator.sql" "$work/cases.csv")

sum_clause=$(python3 "$here/checksum.py" "$work/clause.csv")
sum_python=$(python3 "$here/checksum.py" "$work/python.csv")
sum_js=$(cat "$work/javascript.sum")
cmp -s "$work/clause.csv" "$work/python.csv" && same="identiques" || same="DIFFÉRENTS"
rate() { python3 -c 'import sys; print(f"{int(sys.argv[1]) / float(sys.argv[2]):,.0f}".replace(",", " "))' "$n" "$1"; }
echo "$n cas datés, version $version"
echo "clause eval --cases : ${t_clause} s, $(rate "$t_clause") cas/s, somme $sum_clause"
echo "Python généré       : ${t_python} s, $(rate "$t_python") cas/s, somme $sum_python (CSV $same à l'octet)"
echo "JavaScript (Node)   : ${t_js} s, $(rate "$t_js") cas/s, somme $sum_js"
echo "SQL sur DuckDB      : ${t_sql} s, $(rate "$t_sql") cas/s, somme $sum_sql"
[ "$sum_clause" = "$sum_python" ] && [ "$sum_clause" = "$sum_js" ] && [ "$sum_clause" = "$sum_sql" ] && [ "$same" = "identiques" ]
