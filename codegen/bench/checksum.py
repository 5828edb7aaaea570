"""The sum, in cents, of every yearly total (`annee_*` columns) of a batch output CSV."""
import csv
import sys

total = 0
with open(sys.argv[1], encoding="utf-8", newline="") as source:
    rows = csv.reader(source)
    header = next(rows)
    years = [i for i, h in enumerate(header) if h.startswith("annee_")]
    for row in rows:
        for i in years:
            if row[i]:
                euros, _, cents = row[i].partition(".")
                total += int(euros) * 100 + int((cents + "00")[:2])
print(total)
