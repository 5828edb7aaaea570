"""Runs the generated SQL on DuckDB over a batch CSV: loads it as text into `cas` (a column the
script expects but the batch lacks is added: empty, or `true` for a required mission's flag),
reads every row of `resultats`, prints the seconds taken and the checksum (sum, in cents, of
every yearly total). Usage: bench_sql.py SCRIPT.sql BATCH.csv"""
import sys
import time

import duckdb

script_path, csv_path = sys.argv[1], sys.argv[2]
script = open(script_path, encoding="utf-8").read()
expected, inside = [], False
for line in script.splitlines():
    if line.startswith("-- Entrée :"):
        inside = True
    elif inside and line.startswith("--   "):
        name, _, note = line[5:].partition(" (")
        expected.append((name, "true" if "mission socle" in note else None))
    elif inside:
        break
start = time.perf_counter()
con = duckdb.connect()
con.execute("CREATE TABLE cas AS SELECT * FROM read_csv(?, all_varchar = true, header = true)", [csv_path])
present = {row[0] for row in con.execute("SELECT column_name FROM (DESCRIBE cas)").fetchall()}
for name, default in expected:
    if name not in present:
        quoted = '"' + name.replace('"', '""') + '"'
        con.execute("ALTER TABLE cas ADD COLUMN %s VARCHAR" % quoted)
        if default is not None:
            con.execute("UPDATE cas SET %s = '%s'" % (quoted, default))
con.execute(script)
columns = [row[0] for row in con.execute("SELECT column_name FROM (DESCRIBE resultats)").fetchall()]
years = [c for c in columns if c.startswith("annee_")]
total = 0
for row in con.execute("SELECT %s FROM resultats" % ", ".join(years or ["NULL"])).fetchall():
    for cell in row:
        if cell:
            euros, _, cents = cell.partition(".")
            total += int(euros) * 100 + int((cents + "00")[:2])
print("%.2f %d" % (time.perf_counter() - start, total))
