# ---------------------------------------------------------------------------------------------
# The case: `entrees` and `contrat`, checked against the version. Every problem is reported,
# each naming its field, in the engine's words.
# ---------------------------------------------------------------------------------------------


class CaseErrors(Exception):
    """The case is refused: `errors` lists {"champ": ..., "message": ...}, nothing is computed."""

    def __init__(self, errors):
        Exception.__init__(self, "; ".join("`%s` : %s" % (e["champ"], e["message"]) for e in errors))
        self.errors = errors
        # The file line of a batch's header, when the header is what is refused.
        self.header_line = 1


def _error(field, message):
    return {"champ": field, "message": message}


def _damerau_levenshtein(a, b):
    # The unrestricted Damerau-Levenshtein distance, on characters.
    a, b = list(a), list(b)
    last_row = {}
    big = len(a) + len(b)
    width = len(b) + 2
    table = [big] * ((len(a) + 2) * width)
    for i in range(len(a) + 1):
        table[(i + 1) * width] = big
        table[(i + 1) * width + 1] = i
    for j in range(len(b) + 1):
        table[j + 1] = big
        table[width + j + 1] = j
    for i in range(1, len(a) + 1):
        last_match = 0
        for j in range(1, len(b) + 1):
            k = last_row.get(b[j - 1], 0)
            l = last_match
            cost = 1
            if a[i - 1] == b[j - 1]:
                cost = 0
                last_match = j
            substitution = table[i * width + j] + cost
            insertion = table[i * width + j + 1] + 1
            deletion = table[(i + 1) * width + j] + 1
            transposition = table[k * width + l] + (i - k - 1) + 1 + (j - l - 1)
            table[(i + 1) * width + j + 1] = min(substitution, insertion, deletion, transposition)
        last_row[a[i - 1]] = i
    return table[(len(a) + 1) * width + len(b) + 1]


def did_you_mean(name, candidates):
    length = len(name)
    limit = max(length // 3, 2)
    lowered = name.lower()
    best = None
    for candidate in candidates:
        if candidate == name or abs(len(candidate) - length) > limit:
            continue
        distance = _damerau_levenshtein(lowered, candidate.lower())
        if distance <= limit:
            key = (distance, candidate.encode("utf-8"))
            if best is None or key < best[0]:
                best = (key, candidate)
    return None if best is None else best[1]


def _unknown_field(field, name, known):
    suggestion = did_you_mean(name, known)
    if suggestion is not None:
        hint = " ; vouliez-vous dire `%s` ?" % suggestion
    elif not known:
        hint = ""
    else:
        hint = " ; champs connus : " + ", ".join(known)
    return _error(field, "champ inconnu" + hint)


def _sorted_keys(obj):
    # The engine reads JSON objects in the order of their keys' bytes.
    return sorted(obj.keys(), key=lambda k: k.encode("utf-8"))


def _json_number_text(value):
    """A JSON number as the engine (serde_json) and JavaScript write it back: a 64-bit integer in
    digits, anything else as the double it is read as, by ECMAScript's Number::toString (shortest
    digits; an exponent, with its sign, from 10^21 up and below 10^-6)."""
    if isinstance(value, int) and -(1 << 63) <= value < (1 << 64):
        return str(value)
    number = float(value)
    if number == 0:
        return "0"
    sign = "-" if number < 0 else ""
    mantissa, _, exponent = repr(abs(number)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + (int(exponent) if exponent else 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    k, n = len(digits), point
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    shown = digits[0] + ("." + digits[1:] if k > 1 else "")
    return sign + shown + "e" + ("+" if e > 0 else "-") + str(abs(e))


def describe(value):
    if value is None:
        return "`null`"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, (int, float)):
        return "`%s`" % _json_number_text(value)
    if isinstance(value, str):
        return 'le texte "%s"' % value
    if isinstance(value, list):
        return "une liste"
    return "un objet"


def _case_number(value):
    if isinstance(value, str):
        return parse_decimal(value)
    return number_from_json(value)


def _number_refused(value, what):
    """The words for a JSON value not read as a number: `what` is expected, unless it is a number
    rust_decimal cannot hold exactly (a JSON number, or a text `unheld`)."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number or (isinstance(value, str) and unheld(value)):
        return INEXACT % describe(value)
    return "%s est attendu, pas %s" % (what, describe(value))


def input_value(ty, enum, value, field):
    """A JSON value converted to the input's declared type, or a CaseErrors entry raised."""
    if ty == "count":
        n = _case_number(value)
        if n is None:
            raise _Refused(_error(field, _number_refused(value, "un nombre entier")))
        if not fract_is_zero(n):
            raise _Refused(_error(field, "un nombre entier est attendu, pas %s" % dstr(n)))
        if n[0] < 0:
            raise _Refused(_error(field, "un nombre positif est attendu, pas %s" % dstr(n)))
        return ("count", n)
    if ty in ("money", "rate", "decimal"):
        n = _case_number(value)
        if n is None:
            what = {"money": "un montant", "rate": "un taux (0 à 1)", "decimal": "un nombre"}[ty]
            raise _Refused(_error(field, _number_refused(value, what)))
        return (ty, n)
    if ty == "bool":
        if not isinstance(value, bool):
            raise _Refused(_error(field, "`true` ou `false` est attendu, pas %s" % describe(value)))
        return ("bool", value)
    if ty == "text":
        if not isinstance(value, str):
            raise _Refused(_error(field, "un texte est attendu, pas %s" % describe(value)))
        return ("text", value)
    if ty == "date":
        date = parse_date(value) if isinstance(value, str) else None
        if date is None:
            raise _Refused(_error(field, "une date AAAA-MM-JJ est attendue, pas %s" % describe(value)))
        return ("date", date)
    if ty == "enum":
        if not isinstance(value, str):
            raise _Refused(_error(field, "une valeur de `%s` est attendue, pas %s"
                                  % (ENUMS[enum]["name"], describe(value))))
        return ("variant", enum, _variant(enum, value, field))
    if ty == "set":
        if not isinstance(value, list):
            raise _Refused(_error(field, "une liste de valeurs de `%s` est attendue, pas %s"
                                  % (ENUMS[enum]["name"], describe(value))))
        items = set()
        for i, item in enumerate(value):
            item_field = "%s[%d]" % (field, i)
            if not isinstance(item, str):
                raise _Refused(_error(item_field, "un nom de `%s` est attendu" % ENUMS[enum]["name"]))
            items.add(_variant(enum, item, item_field))
        return ("set", enum, frozenset(items))
    raise _Refused(_error(field, "type d'entrée non pris en charge dans un cas"))


class _Refused(Exception):
    def __init__(self, error):
        Exception.__init__(self, error["message"])
        self.error = error


def _variant(enum, name, field):
    variants = ENUMS[enum]["variants"]
    if name in variants:
        return variants.index(name)
    suggestion = did_you_mean(name, variants)
    if suggestion is not None:
        hint = "vouliez-vous dire `%s` ?" % suggestion
    else:
        hint = "valeurs possibles : " + ", ".join(variants)
    raise _Refused(_error(field, "`%s` n'est pas une valeur de `%s` ; %s" % (name, ENUMS[enum]["name"], hint)))


def default_missions():
    return [{"engaged": not m["optional"], "start": None, "effective": None,
             "achievement": {}, "default": None} for m in MISSIONS]


def _date_field(obj, key, field, errors):
    if key not in obj:
        return None
    value = obj[key]
    if isinstance(value, str):
        date = parse_date(value)
        if date is None:
            errors.append(_error(field, 'date invalide "%s" : format AAAA-MM-JJ attendu' % value))
        return date
    if value is None:
        return None
    errors.append(_error(field, "une date AAAA-MM-JJ est attendue, pas %s" % describe(value)))
    return None


def achievement_rate(value, field):
    rate = _case_number(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None
    if rate is None:
        raise _Refused(_error(field, _number_refused(value, "un taux d'atteinte entre 0 et 1")))
    return check_rate(rate, field)


def check_rate(rate, field):
    if rate[0] < 0 or dcmp(rate, ONE) > 0:
        raise _Refused(_error(field, "le taux d'atteinte %s sort de [0, 1]" % dstr(rate)))
    return rate


def read_case(root):
    """The case of a JSON object (a dict): inputs, missions, contract; raises CaseErrors."""
    if not isinstance(root, dict):
        raise CaseErrors([_error("(document)", "un objet JSON `{ … }` est attendu")])
    errors = []
    top = ["version", "accord", "entrees", "contrat"]
    for key in _sorted_keys(root):
        if key not in top:
            errors.append(_unknown_field(key, key, top))
    inputs = [None] * len(INPUTS)
    entries = root.get("entrees")
    if isinstance(entries, dict):
        names = [i["name"] for i in INPUTS]
        for name in _sorted_keys(entries):
            field = "entrees." + name
            if name in names:
                index = names.index(name)
                try:
                    inputs[index] = input_value(INPUTS[index]["type"], INPUTS[index]["enum"], entries[name], field)
                except _Refused as refused:
                    errors.append(refused.error)
            else:
                errors.append(_unknown_field(field, name, names))
    elif "entrees" in root:
        errors.append(_error("entrees", 'un objet `{ "nom": valeur }` est attendu'))
    elif INPUTS:
        errors.append(_error("entrees", "champ manquant"))
    if isinstance(entries, dict):
        # Every declared input is needed, as the engine says (evaluate::common::missing_inputs).
        for index, declared in enumerate(INPUTS):
            field = "entrees." + declared["name"]
            if inputs[index] is None and not any(e["champ"] == field for e in errors):
                errors.append(_error(field, "champ manquant : la version déclare l'entrée `%s`" % declared["name"]))
    missions = default_missions()
    contract = None
    if isinstance(root.get("contrat"), dict):
        contract = _read_contract(root["contrat"], missions, errors)
    elif root.get("contrat") is not None:
        errors.append(_error("contrat", 'un objet `{ "signature": … }` est attendu'))
    if errors:
        raise CaseErrors(errors)
    return {"inputs": inputs, "missions": missions, "contract": contract}


def _read_contract(obj, missions, errors):
    fields = ["signature", "lettre_intention", "missions", "crises", "jusqu_au"]
    for key in _sorted_keys(obj):
        if key not in fields:
            errors.append(_unknown_field("contrat." + key, key, fields))
    if "signature" not in obj:
        errors.append(_error("contrat.signature", "champ manquant : la date de signature du contrat"))
        signature = None
    else:
        signature = _date_field(obj, "signature", "contrat.signature", errors)
    letter = _date_field(obj, "lettre_intention", "contrat.lettre_intention", errors)
    entries = obj.get("missions")
    names = [m["name"] for m in MISSIONS]
    if isinstance(entries, dict):
        for name in _sorted_keys(entries):
            field = "contrat.missions." + name
            if name not in names:
                errors.append(_unknown_field(field, name, names))
                continue
            _read_mission(entries[name], field, missions[names.index(name)], errors)
    elif entries is not None:
        errors.append(_error("contrat.missions", 'un objet `{ "mission": { … } }` est attendu, pas %s'
                             % describe(entries)))
    crises = []
    items = obj.get("crises")
    if isinstance(items, list):
        for i, item in enumerate(items):
            date = _date_field({"d": item}, "d", "contrat.crises[%d]" % i, errors)
            if date is not None:
                crises.append(date)
    elif items is not None:
        errors.append(_error("contrat.crises", "une liste de dates est attendue, pas %s" % describe(items)))
    until = _date_field(obj, "jusqu_au", "contrat.jusqu_au", errors)
    if signature is None:
        return None
    if until is None:
        until, refusal = contract_end(signature)
        if refusal is not None:
            errors.append(_error("contrat.signature", refusal))
            return None
    if until is None:
        errors.append(_error("contrat.jusqu_au", "champ manquant : la version ne donne pas de durée de contrat"))
        return None

    def before_signature(field, date):
        if date < signature:
            errors.append(_error(field, "le %s précède la signature du %s" % (iso(date), iso(signature))))

    before_signature("contrat.jusqu_au", until)
    for index, mission in enumerate(missions):
        name = MISSIONS[index]["name"]
        if mission["start"] is not None:
            before_signature("contrat.missions.%s.debut" % name, mission["start"])
        if mission["effective"] is not None:
            before_signature("contrat.missions.%s.deploiement" % name, mission["effective"])
    for i, crisis in enumerate(crises):
        before_signature("contrat.crises[%d]" % i, crisis)
    refused = dates_refused(signature, until, missions)
    if refused:
        errors.extend(_error(field, message) for field, message in refused)
        return None
    return {"signature": signature, "letter": letter, "crises": crises, "until": until}


def contract_year(text):
    """A contract year as a case or a batch header names it (`3`, `+3`): an integer from 1 to
    2^32 - 1; None otherwise."""
    digits = text[1:] if text[:1] == "+" else text
    if not digits.isascii() or not digits.isdigit() or len(digits) > 10:
        return None
    number = int(digits)
    return number if 1 <= number <= 4294967295 else None


def _read_mission(entry, field, mission, errors):
    mission["engaged"] = True
    if isinstance(entry, bool):
        mission["engaged"] = entry
        return
    if not isinstance(entry, dict):
        errors.append(_error(field, 'un objet `{ "debut": …, "atteinte": … }` est attendu, pas %s'
                             % describe(entry)))
        return
    fields = ["debut", "deploiement", "atteinte"]
    for key in _sorted_keys(entry):
        if key not in fields:
            errors.append(_unknown_field(field + "." + key, key, fields))
    mission["start"] = _date_field(entry, "debut", field + ".debut", errors)
    mission["effective"] = _date_field(entry, "deploiement", field + ".deploiement", errors)
    years = entry.get("atteinte")
    if isinstance(years, dict):
        for year in _sorted_keys(years):
            year_field = "%s.atteinte.%s" % (field, year)
            number = contract_year(year)
            if number is not None:
                try:
                    mission["achievement"][number] = achievement_rate(years[year], year_field)
                except _Refused as refused:
                    errors.append(refused.error)
            else:
                errors.append(_error(year_field, "l'année du contrat est un entier à partir de 1"))
    elif years is not None:
        try:
            mission["default"] = achievement_rate(years, field + ".atteinte")
        except _Refused as refused:
            errors.append(refused.error)
