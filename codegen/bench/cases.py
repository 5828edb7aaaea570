"""Writes N dated cases (deterministic) as a batch CSV and as JSON lines, the same cases."""
import datetime
import json
import random
import sys

n, csv_path, jsonl_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rng = random.Random(2019)
with open(csv_path, "w", encoding="utf-8", newline="") as csv, open(jsonl_path, "w", encoding="utf-8") as jsonl:
    csv.write("habitants,signature,debut.acces_aux_soins,debut.parcours,qualite,taux_atteinte\n")
    for _ in range(n):
        population = rng.choice([rng.randrange(5000, 400000), 40000, 80000, 175000, 39999])
        signature = datetime.date(2019, 7, 1) + datetime.timedelta(days=rng.randrange(0, 1300))
        start = signature + datetime.timedelta(days=rng.randrange(0, 400))
        parcours = signature + datetime.timedelta(days=rng.randrange(0, 700))
        quality = rng.random() < 0.5
        rate = "0.%02d" % rng.randrange(0, 100)
        csv.write("%d,%s,%s,%s,%s,%s\n" % (population, signature, start, parcours, "true" if quality else "false", rate))
        missions = {"acces_aux_soins": {"debut": str(start), "atteinte": rate},
                    "parcours": {"debut": str(parcours), "atteinte": rate},
                    "prevention": {"atteinte": rate}}
        if quality:
            missions["qualite"] = {"atteinte": rate}
        jsonl.write(json.dumps({"entrees": {"habitants": population},
                                "contrat": {"signature": str(signature), "missions": missions}}) + "\n")
