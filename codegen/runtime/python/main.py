# ---------------------------------------------------------------------------------------------
# Entry points.
# ---------------------------------------------------------------------------------------------


def evaluate(case):
    """The result of `clause eval VERSION --case F --format json` for the case `F` holds (a dict
    as `json.load` reads it). A refused case raises CaseErrors, whose `errors` name each field."""
    # A contract signed after the version's `applicable aux contrats signés avant le` is
    # evaluated as `clause eval VERSION` does: the version's own lines are refused to it, each
    # with a note, and the lines of its bases are paid (timeline section).
    return evaluate_case(read_case(case))


def _main(argv):
    import json
    import sys
    if len(argv) == 2 and argv[1] == "--jsonl":
        # One JSON case per line in, one JSON line out: {"resultat": …} or {"erreurs": […]}.
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                answer = {"resultat": evaluate(json.loads(line))}
            except CaseErrors as refused:
                answer = {"erreurs": refused.errors}
            sys.stdout.write(json.dumps(answer, ensure_ascii=False, separators=(",", ":")) + "\n")
        return 0
    if len(argv) == 5 and argv[1] == "--cases" and argv[3] == "--out":
        try:
            count, bad = evaluate_csv(argv[2], argv[4])
        except CaseErrors as refused:
            for error in refused.errors:
                sys.stderr.write("erreur : %s, ligne %d : colonne `%s` : %s\n" % (argv[2], refused.header_line, error["champ"], error["message"]))
            return 1
        for row in bad:
            sys.stderr.write("erreur : %s, ligne %d, colonne `%s` : %s\n" % (argv[2], row["ligne"], row["colonne"], row["message"]))
        # French plurals, as `clause eval --cases` writes them: singular for 0 and 1.
        evaluated = "%d cas évalué%s" % (count, "s" if count > 1 else "")
        if bad:
            lines = len(set(row["ligne"] for row in bad))
            sys.stderr.write("%s, %d ligne%s en erreur (non évaluées)\n"
                             % (evaluated, lines, "s" if lines > 1 else ""))
            return 1
        sys.stderr.write("%s\n" % evaluated)
        return 0
    if len(argv) == 2 and not argv[1].startswith("-"):
        with open(argv[1], encoding="utf-8") as source:
            case = json.load(source)
        try:
            result = evaluate(case)
        except CaseErrors as refused:
            for error in refused.errors:
                sys.stderr.write("erreur : %s : `%s` : %s\n" % (argv[1], error["champ"], error["message"]))
            return 1
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return 0
    sys.stderr.write("usage : python3 %s CAS.json | --cases LOT.csv --out RESULTATS.csv | --jsonl\n" % argv[0])
    return 2


if __name__ == "__main__":
    import sys as _sys
    _sys.exit(_main(_sys.argv))
