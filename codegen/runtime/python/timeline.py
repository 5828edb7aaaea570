# ---------------------------------------------------------------------------------------------
# Amendments in time (docs/evaluation.md, « Le temps des avenants »; evaluate/timeline.rs): an
# amendment's value of a line counts from its date of effect (or the line's own `à compter
# du`); before it, the value of the base (or nothing, for a line the amendment adds). The
# versions of the chain are stages, root first (HISTORY, then this version), each with its own
# bands, values and conditions, inputs read by name. A line's periods are the stages that wrote
# it; a contract outside a period's rule (`applicable aux contrats signés avant le` of its
# version, `réservé …` of the line) keeps the previous period's value, or nothing.
# ---------------------------------------------------------------------------------------------


def _own_stage():
    """This version as a stage of its chain: its module's constants."""
    return {"name": VERSION, "inputs": None, "applicable_before": APPLICABLE_BEFORE,
            "effect": DATE_OF_EFFECT, "band_sets": BAND_SETS, "band_set": BAND_SET,
            "values": VALUES, "evaluation_order": EVALUATION_ORDER, "needs_inputs": NEEDS_INPUTS,
            "static": STATIC, "lines": LINES, "conditions": CONDITIONS}


def _stage(data, inputs, values=None, bands=None):
    """One version of the chain with the values it gives this case, its band and the verdict of
    each of its conditions (None: an input is missing)."""
    if bands is None:
        bands = bands_of(inputs, data["band_sets"])
    if values is None:
        values = _values_for(inputs, bands, data)
    conditions = []
    for condition in data["conditions"]:
        try:
            verdict = condition["test"](Env(inputs, bands, values))
            conditions.append(verdict[1] if verdict[0] == "bool" else None)
        except EvalError:
            conditions.append(None)
    return {"data": data, "values": values, "conditions": conditions}


def _stages(case, values, bands):
    """The bases (root first), each with the case's inputs read by name, then this version."""
    stages = []
    for data in HISTORY:
        inputs = [case["inputs"][i] if i is not None else None for i in data["inputs"]]
        stages.append(_stage(data, inputs))
    stages.append(_stage(_own_stage(), case["inputs"], values, bands))
    return stages


def _value_named(data, name):
    index = data.get("_names")
    if index is None:
        index = {}
        for position, value in enumerate(data["values"]):
            index.setdefault(value["name"], position)
        data["_names"] = index
    return index.get(name)


def _version_refusal(data, signature):
    """Why a version's own lines do not apply to a contract signed on `signature`."""
    limit = data["applicable_before"]
    if limit is None or signature < limit:
        return None
    return "`%s` réserve ses lignes aux contrats signés avant le %s (signature : %s)" % (
        data["name"], iso(limit), iso(signature))


def _line_refusal(stage, item, signature):
    """Why a line's own rules (`réservé …`) keep it from this case."""
    data = stage["data"]
    for kind, argument in item["reserved"]:
        if kind == "before":
            if signature >= argument:
                return "`%s` le réserve aux contrats signés avant le %s (signature : %s)" % (
                    data["name"], iso(argument), iso(signature))
        elif kind == "after":
            if signature <= argument:
                return "`%s` le réserve aux contrats signés après le %s (signature : %s)" % (
                    data["name"], iso(argument), iso(signature))
        else:
            position = next((i for i, c in enumerate(data["conditions"]) if c["name"] == argument), None)
            if position is None:
                continue
            verdict = stage["conditions"][position] if position < len(stage["conditions"]) else None
            if verdict is True:
                continue
            if verdict is False:
                return "`%s` le réserve aux cas où la condition `%s` est remplie" % (data["name"], argument)
            return "la condition `%s` ne peut pas être évaluée : une entrée manque" % argument
    return None


def _timeline(stages, line, signature):
    """The periods of `line` (a line of this version), over every stage that wrote it: from
    (None: from the start), the version, its amount (or whether it is a hole), the line as that
    version pays it, its source, why the contract is refused it, whether it is prorated."""
    name = VALUES[line["value"]]["name"]
    last = len(stages) - 1
    periods = []
    for index, stage in enumerate(stages):
        data = stage["data"]
        position = _value_named(data, name)
        if position is None:
            continue
        item = data["values"][position]
        # Inherited unchanged: the period of the version that wrote it goes on.
        if index > 0 and item["declared_in"] != data["name"]:
            continue
        if item["effect"] is not None:
            since = item["effect"][0]
        elif index == 0:
            since = None
        else:
            since = data["effect"]
        if index == last:
            own_line = line
        else:
            own_line = next((l for l in data["lines"] if l["value"] == position), line)
        result = stage["values"][position]
        amount = result[1][1] if result is not None and result[0] == "ok" and result[1][0] == "money" else None
        hole = result is not None and result[0] == "err" and result[1] == "hole"
        refused = _version_refusal(data, signature) or _line_refusal(stage, item, signature)
        periods.append({"from": since, "version": data["name"], "amount": amount, "hole": hole,
                        "line": own_line, "source": item["source"], "citations": item["citations"], "refused": refused,
                        "prorated": item["effect"] is not None and item["effect"][1]})
    return periods


def _at(periods, day):
    """The period in force on `day`: the latest the contract is eligible to that has begun."""
    for period in reversed(periods):
        if period["refused"] is None and (period["from"] is None or period["from"] <= day):
            return period
    return None


def _first_after(periods, day):
    """The first period the contract is eligible to that begins after `day`."""
    for period in periods:
        if period["refused"] is None and period["from"] is not None and period["from"] > day:
            return period
    return None


def _timeline_refusal(periods):
    """Why the contract gets none of the line's periods, when it is refused each of them."""
    if all(period["refused"] is not None for period in periods):
        return periods[-1]["refused"] if periods else None
    return None


def _within(periods, start, end):
    """The changes of value within [start, end): the period on `start` first (if any), then each
    one beginning inside, with the day it counts from."""
    out = []
    first = _at(periods, start)
    if first is not None:
        out.append((start, first))
    day = start
    while True:
        following = None
        for period in periods:
            since = period["from"]
            if period["refused"] is None and since is not None and day < since < end:
                if following is None or since < following:
                    following = since
        if following is None:
            return out
        day = following
        current = _at(periods, day)
        if current is not None:
            out.append((day, current))
