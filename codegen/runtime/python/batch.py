# ---------------------------------------------------------------------------------------------
# Batches: the CSV of `clause eval --cases`, byte for byte. Each input line is copied as
# written, then `version`, `tranche`, `financement_annee_pleine` and, when rows have a signature, the
# totals of each contract year. A row in error is not written; its errors are returned.
# ---------------------------------------------------------------------------------------------


def _detect_separator(text):
    """The separator of the header line (the first line not starting with `#`): the most
    frequent of `,`, `;` and tab outside quotes, a comma when there is none, as `clause eval`."""
    header = ""
    for line in text.split("\n"):
        if not line.lstrip("\ufeff").startswith("#"):
            header = line
            break
    counts, quoted = {",": 0, ";": 0, "\t": 0}, False
    for c in header:
        if c == '"':
            quoted = not quoted
        elif c in counts and not quoted:
            counts[c] += 1
    best = max((",", ";", "\t"), key=lambda c: (counts[c], -(",", ";", "\t").index(c)))
    return best if counts[best] else ","


def _records(text, separator=","):
    """(first line number, raw text, fields) for each record; the header is line 1."""
    position, line, length = 0, 1, len(text)
    while position < length:
        start, start_line = position, line
        fields, field, quoted, at_field_start = [], [], False, True
        while position < length:
            c = text[position]
            if quoted:
                if c == '"':
                    if position + 1 < length and text[position + 1] == '"':
                        field.append('"')
                        position += 1
                    else:
                        quoted = False
                else:
                    if c == "\n":
                        line += 1
                    field.append(c)
            elif c == '"' and at_field_start:
                quoted = True
            elif c == separator:
                fields.append("".join(field))
                field, at_field_start = [], True
                position += 1
                continue
            elif c == "\n":
                break
            else:
                field.append(c)
            at_field_start = False
            position += 1
        raw = text[start:position]
        if position < length:
            position += 1
            line += 1
        if raw.endswith("\r"):
            raw = raw[:-1]
            if field and field[-1] == "\r":
                field.pop()
        fields.append("".join(field))
        yield start_line, raw, fields


def _csv_field(text, separator=","):
    if any(c in text for c in separator + '"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _parse_bool(text):
    value = text.strip()
    if value in ("true", "vrai", "1", "oui"):
        return True
    if value in ("false", "faux", "0", "non", ""):
        return False
    return None


def _parse_count(text):
    value = parse_decimal(text.strip())
    if value is None or not fract_is_zero(value) or value[0] < 0:
        return None
    return value


def _csv_variant(enum, name):
    """A variant named in a CSV field: its index, else the batch's refusal (no suggestion)."""
    variants = ENUMS[enum]["variants"]
    if name in variants:
        return variants.index(name)
    raise _Refused(_error("", "`%s` n'est pas une valeur de `%s` ; valeurs possibles : %s"
                          % (name, ENUMS[enum]["name"], ", ".join(variants))))


def _csv_input(ty, text, enum=None):
    """The typed value of a CSV field; raises _Refused with the message."""
    if not text.strip():
        return None
    if ty == "count":
        n = _parse_count(text)
        if n is None:
            raise _Refused(_error("", number_refused(text, "un nombre entier positif")))
        return ("count", n)
    if ty in ("money", "rate", "decimal"):
        n = parse_decimal(text)
        if n is None:
            what = {"money": "un montant", "rate": "un taux", "decimal": "un nombre"}[ty]
            raise _Refused(_error("", number_refused(text, what)))
        return (ty, n)
    if ty == "bool":
        b = _parse_bool(text)
        if b is None:
            raise _Refused(_error("", "`true` ou `false` est attendu, pas `%s`" % text))
        return ("bool", b)
    if ty == "date":
        d = parse_date(text)
        if d is None:
            raise _Refused(_error("", "date invalide `%s`" % text))
        return ("date", d)
    if ty == "text":
        return ("text", text)
    # A variant by its name; a set as its names separated by `|`.
    if ty == "enum":
        return ("variant", enum, _csv_variant(enum, text.strip()))
    if ty == "set":
        return ("set", enum, frozenset(_csv_variant(enum, item.strip()) for item in text.strip().split("|")))
    raise _Refused(_error("", "type d'entrée non pris en charge en CSV"))


# The separators of a list in one cell (`crises`): whitespace as Rust's `char::is_whitespace`
# knows it, `|`, `,` and `;` (compiler/src/evaluate/cells.rs).
_LIST_SEPARATORS = frozenset("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                             "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000|,;")


def _list_items(text):
    items, item = [], ""
    for char in text:
        if char in _LIST_SEPARATORS:
            if item:
                items.append(item)
            item = ""
        else:
            item += char
    if item:
        items.append(item)
    return items


def _plan(headers):
    """Resolves the header once: what each column is."""
    inputs = [i["name"] for i in INPUTS]
    missions = [m["name"] for m in MISSIONS]
    columns, errors = [], []
    for header in headers:
        if header in inputs:
            columns.append(("input", inputs.index(header)))
        elif header.startswith(("taux_atteinte.", "debut.", "deploiement.")):
            prefix, _, mission = header.partition(".")
            kind = {"taux_atteinte": "rate_of", "debut": "start", "deploiement": "effective"}[prefix]
            year = None
            if kind == "rate_of" and mission not in missions and "." in mission:
                # `taux_atteinte.<mission>.<année>`: one mission's achievement in one year.
                mission, _, year = mission.rpartition(".")
            if mission not in missions:
                errors.append(_error(header, "mission inconnue `%s`" % mission))
                columns.append(("other",))
            elif year is None:
                columns.append((kind, missions.index(mission)))
            elif contract_year(year) is None:
                errors.append(_error(header, "`%s` : l'année du contrat est un entier à partir de 1" % year))
                columns.append(("other",))
            else:
                columns.append(("rate_in", missions.index(mission), contract_year(year)))
        elif header in ("signature", "jusqu_au", "lettre_intention", "taux_atteinte", "crises"):
            columns.append((header,))
        elif header in missions:
            columns.append(("engaged", missions.index(header)))
        else:
            columns.append(("other",))
    dimension = BAND_SETS[BAND_SET]["dimension"] if BAND_SET is not None else None
    if dimension is not None and ("input", dimension) not in columns:
        name = INPUTS[dimension]["name"]
        errors.append(_error("(en-tête)", "colonne `%s` manquante : elle choisit la tranche (ou renommez une "
                                          "colonne avec --renomme COLONNE=%s)" % (name, name)))
    for index, declared in enumerate(INPUTS):
        if index != dimension and ("input", index) not in columns:
            name = declared["name"]
            errors.append(_error("(en-tête)", "colonne `%s` manquante : la version déclare cette entrée (ou renommez "
                                              "une colonne avec --renomme COLONNE=%s)" % (name, name)))
    if errors:
        raise CaseErrors(errors)
    signed = ("signature",) in columns
    years = 0
    if signed and CONTRACT_DURATION is not None and CONTRACT_DURATION[1] != "days":
        amount = CONTRACT_DURATION[0] if CONTRACT_DURATION[1] == "years" else ddiv(CONTRACT_DURATION[0], (12, 0))
        years = dround(amount, 0, "ceil")[0]
    fast = (not signed and not NEEDS_INPUTS
            and not any(c[0] in ("rate_of", "rate_in", "start") for c in columns)
            and all(c[0] != "input" or c[1] == dimension for c in columns))
    return {"columns": columns, "headers": headers, "years": years, "fast": fast}


_ANNUAL_SUMS = {}


def _annual_sums(band, mask):
    key = (band, mask)
    if key not in _ANNUAL_SUMS:
        fixed, variable, incomplete = ZERO, ZERO, False
        optional = [i for i, m in enumerate(MISSIONS) if m["optional"]]
        for line in LINES:
            if not is_annual(line):
                continue
            if line["mission"] in optional and not mask & (1 << optional.index(line["mission"])):
                continue
            amount = _amount(STATIC[band], line["value"])
            if amount is None:
                incomplete = True
                continue
            f, v = split(amount, line)
            fixed, variable = dadd(fixed, f), dadd(variable, v)
        _ANNUAL_SUMS[key] = (fixed, variable, incomplete)
    return _ANNUAL_SUMS[key]


def _band_incomplete(band):
    optional = [m for m in MISSIONS if m["optional"]]
    return any(_annual_sums(band, mask)[2] for mask in range(1 << len(optional)))


def _fast_row(plan, fields):
    errors, band, achievement, mask = [], None, ZERO, 0
    optional = [i for i, m in enumerate(MISSIONS) if m["optional"]]
    dimension = BAND_SETS[BAND_SET]["dimension"] if BAND_SET is not None else None
    for index, column in enumerate(plan["columns"]):
        text, header = fields[index], plan["headers"][index]
        if column == ("input", dimension):
            n = _parse_count(text)
            if n is None or n[0] >= 1 << 64:
                errors.append(_error(header, number_refused(text, "un nombre entier positif")))
                continue
            band = bands_of([("count", n) if i == dimension else None for i in range(len(INPUTS))])[BAND_SET]
            if band is None:
                errors.append(_error(header, "%s n'est dans aucune tranche" % dstr(dround(n, 0, "floor"))))
        elif column[0] == "engaged":
            flag = _parse_bool(text)
            if flag is None:
                errors.append(_error(header, "`true` ou `false` est attendu, pas `%s`" % text))
            elif flag and column[1] in optional:
                mask |= 1 << optional.index(column[1])
        elif column[0] == "taux_atteinte":
            rate = parse_decimal(text)
            if rate is None:
                errors.append(_error(header, number_refused(text, "un taux d'atteinte entre 0 et 1")))
                continue
            try:
                achievement = check_rate(rate, header)
            except _Refused as refused:
                errors.append(refused.error)
    if errors:
        raise CaseErrors(errors)
    total = None
    if band is not None and any(is_annual(line) for line in LINES) and not _band_incomplete(band):
        fixed, variable, _ = _annual_sums(band, mask)
        total = dadd(fixed, dmul(variable, achievement))
    return band, total, []


def _slow_row(plan, fields):
    errors = []
    inputs = [None] * len(INPUTS)
    missions = default_missions()
    signature = until = letter = default_rate = None
    crises = []

    def date_of(index, text):
        if not text.strip():
            return None
        parsed = parse_date(text)
        if parsed is None:
            errors.append(_error(plan["headers"][index], "date invalide `%s` : format AAAA-MM-JJ attendu" % text))
        return parsed

    for index, column in enumerate(plan["columns"]):
        text, header, kind = fields[index], plan["headers"][index], column[0]
        if kind == "input":
            try:
                inputs[column[1]] = _csv_input(INPUTS[column[1]]["type"], text, INPUTS[column[1]]["enum"])
                if inputs[column[1]] is None:
                    errors.append(_error(header, "champ manquant : la version déclare l'entrée `%s`" % INPUTS[column[1]]["name"]))
            except _Refused as refused:
                errors.append(_error(header, refused.error["message"]))
        elif kind == "signature":
            signature = date_of(index, text)
        elif kind == "jusqu_au":
            until = date_of(index, text)
        elif kind == "lettre_intention":
            letter = date_of(index, text)
        elif kind == "start":
            missions[column[1]]["start"] = date_of(index, text)
        elif kind == "effective":
            missions[column[1]]["effective"] = date_of(index, text)
        elif kind == "crises":
            for item in _list_items(text):
                crisis = date_of(index, item)
                if crisis is not None:
                    crises.append(crisis)
        elif kind == "engaged":
            flag = _parse_bool(text)
            if flag is None:
                errors.append(_error(header, "`true` ou `false` est attendu, pas `%s`" % text))
            else:
                missions[column[1]]["engaged"] = flag
        elif kind in ("taux_atteinte", "rate_of", "rate_in"):
            if not text.strip():
                continue
            rate = parse_decimal(text)
            if rate is None:
                errors.append(_error(header, number_refused(text, "un taux d'atteinte entre 0 et 1")))
                continue
            try:
                rate = check_rate(rate, header)
            except _Refused as refused:
                errors.append(refused.error)
                continue
            if kind == "rate_of":
                missions[column[1]]["default"] = rate
            elif kind == "rate_in":
                missions[column[1]]["achievement"][column[2]] = rate
            else:
                default_rate = rate
    if default_rate is not None:
        for mission in missions:
            if mission["default"] is None:
                mission["default"] = default_rate
    contract = None
    if signature is not None:
        refusal = None
        if until is None:
            until, refusal = contract_end(signature)
        if refusal is not None:
            errors.append(_error("signature", refusal))
        elif until is None:
            errors.append(_error("jusqu_au", "date de fin manquante : la version ne donne pas de durée de contrat"))
        elif until < signature:
            errors.append(_error("jusqu_au", "le %s précède la signature du %s" % (iso(until), iso(signature))))
        else:
            # As in a case file: no deployment or crisis before the signature.
            for index, mission in enumerate(missions):
                if mission["effective"] is not None and mission["effective"] < signature:
                    errors.append(_error("deploiement." + MISSIONS[index]["name"], "le %s précède la signature du %s"
                                         % (iso(mission["effective"]), iso(signature))))
            for crisis in crises:
                if crisis < signature:
                    errors.append(_error("crises", "le %s précède la signature du %s" % (iso(crisis), iso(signature))))
            errors.extend(_error(field[len("contrat."):], message)
                          for field, message in dates_refused(signature, until, missions))
            contract = {"signature": signature, "letter": letter, "crises": crises, "until": until}
    if errors:
        raise CaseErrors(errors)
    case = {"inputs": inputs, "missions": missions, "contract": contract}
    _, total, year_totals = _evaluate(case)
    years = [ZERO] * plan["years"] if contract is not None else []
    for year, amount in year_totals:
        if 1 <= year <= len(years):
            years[year - 1] = amount
    band = bands_of(inputs)[BAND_SET] if BAND_SET is not None else None
    return band, total, years


def evaluate_rows(text):
    """Evaluates the text of a batch CSV: (output text, rows evaluated, errors by line)."""
    separator = _detect_separator(text)
    records = _records(text, separator)
    header = next(records, None)
    # `#` lines before the header are comments (a population's assumptions), as in `clause eval`.
    while header is not None and header[1].lstrip("\ufeff").startswith("#"):
        header = next(records, None)
    if header is None:
        raise CaseErrors([_error("(document)", "fichier vide : une ligne d'en-tête est attendue")])
    headers = [h.strip().lstrip("\ufeff") for h in header[2]]
    try:
        plan = _plan(headers)
    except CaseErrors as refused:
        refused.header_line = header[0]
        raise
    out = [separator.join(_csv_field(h, separator) for h in headers)
           + "".join(separator + column for column in ("version", "tranche", "financement_annee_pleine"))
           + "".join("%sannee_%d" % (separator, year) for year in range(1, plan["years"] + 1)) + "\n"]
    count, bad = 0, []
    for line, raw, fields in records:
        if len(fields) == 1 and fields[0] == "":
            continue
        try:
            if len(fields) != len(plan["columns"]):
                raise CaseErrors([_error("(ligne)", "%d champs pour %d colonnes" % (len(fields), len(plan["columns"])))])
            band, total, years = (_fast_row if plan["fast"] else _slow_row)(plan, fields)
        except CaseErrors as refused:
            bad.extend({"ligne": line, "colonne": e["champ"], "message": e["message"]} for e in refused.errors)
            continue
        cells = [raw, VERSION, BAND_SETS[BAND_SET]["bands"][band]["name"] if band is not None else "",
                 euros(total) if total is not None else ""]
        cells.extend(euros(years[i]) if i < len(years) else "" for i in range(plan["years"]))
        out.append(separator.join(cells) + "\n")
        count += 1
    return "".join(out), count, bad


def evaluate_csv(in_path, out_path):
    """`clause eval VERSION --cases IN --out OUT`: writes OUT, returns (rows evaluated, errors)."""
    with open(in_path, encoding="utf-8", errors="surrogateescape", newline="") as source:
        text = source.read()
    if next(_records(text), None) is None:
        raise CaseErrors([_error("(document)", "fichier vide : une ligne d'en-tête est attendue")])
    # As `clause eval`: nothing is written when the header is refused (CaseErrors), and the
    # output replaces the file at once (written beside it, then renamed).
    output, count, bad = evaluate_rows(text)
    temporary = "%s.%d.tmp" % (out_path, _os.getpid())
    with open(temporary, "w", encoding="utf-8", errors="surrogateescape", newline="") as sink:
        sink.write(output)
    _os.replace(temporary, out_path)
    return count, bad
