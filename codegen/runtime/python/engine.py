# ---------------------------------------------------------------------------------------------
# Evaluation of one case: band, eligibility, results, dated payments, totals per contract
# year, deadlines. Contract year n runs from the (n-1)th anniversary of the signature to the
# nth; prorating counts days from the mission's start (included) to the anniversary (excluded)
# over the days of that year; each payment is rounded to the cent, half away from zero, and a
# balance is the rounded amount due minus the advance paid.
# ---------------------------------------------------------------------------------------------

_NATURE_ORDER = {"solde": 0, "variable": 1, "avance": 2, "forfait": 3, "ponctuel": 4}


def bands_of(inputs, band_sets=None):
    """The band of each band set (of the version, or the `band_sets` of a base), chosen by its
    dimension input."""
    chosen = []
    for band_set in (BAND_SETS if band_sets is None else band_sets):
        band = None
        dimension = band_set["dimension"]
        value = inputs[dimension] if dimension is not None else None
        if value is not None and value[0] in ("money", "count", "rate", "decimal"):
            for index, candidate in enumerate(band_set["bands"]):
                low, high = dcmp(value[1], candidate["low"]), None
                if candidate["high"] is not None:
                    high = dcmp(value[1], candidate["high"])
                if (low > 0 or (low == 0 and not candidate["low_open"])) and (
                        high is None or high < 0 or (high == 0 and not candidate["high_open"])):
                    band = index
                    break
        chosen.append(band)
    return chosen


def boundary_hypotheses(band_set, chosen, value):
    """The hypotheses that decide which band holds `value` when it sits on a boundary of band
    `chosen`: those of the band just below when `value` is its first value, of the band just
    above when it is its last (a `hypothèse` on a band speaks of its own bounds)."""
    band = band_set["bands"][chosen]
    step = band_set["step"]

    def touches(other):
        return ((dcmp(value, band["low"]) == 0 and other["high"] is not None
                 and dcmp(dadd(other["high"], step), value) == 0)
                or (band["high"] is not None and dcmp(band["high"], value) == 0
                    and dcmp(other["low"], dadd(value, step)) == 0))

    found = [h for index, other in enumerate(band_set["bands"]) if index != chosen and touches(other)
             for h in other["hypotheses"]]
    # A hypothesis written on the bound itself decides, whichever band carries it.
    for other in band_set["bands"]:
        for bound, hypothesis in other["bound_hypotheses"]:
            if dcmp(bound, value) == 0 and hypothesis not in found:
                found.append(hypothesis)
    return found


def _values_for(inputs, bands, stage=None):
    """The case's values in the version (or in `stage`): from the per-band table when the band
    is all they need."""
    stage = _own_stage() if stage is None else stage
    if stage["needs_inputs"]:
        return compute_values(inputs, bands, stage)
    band_set = stage["band_set"]
    if band_set is None:
        return stage["static"][0]
    band = bands[band_set]
    return stage["static"][band] if band is not None else [None] * len(stage["values"])


def _amount(values, index):
    result = values[index]
    if result is not None and result[0] == "ok" and result[1][0] == "money":
        return result[1][1]
    return None


def _mission_case(case, mission):
    if mission is None:
        return {"engaged": True, "start": None, "effective": None, "achievement": {}, "default": None}
    return case["missions"][mission]


def achievement_of(mission, year):
    if year in mission["achievement"]:
        return mission["achievement"][year], True
    if mission["default"] is not None:
        return mission["default"], True
    return ZERO, False


def split(amount, line):
    schedule = line["schedule"]
    if schedule["kind"] == "mission" and schedule["variable"] and line["fixed_share"] is not None:
        fixed = dmul(amount, line["fixed_share"])
        return fixed, dsub(amount, fixed)
    if schedule["kind"] == "variable_only":
        return ZERO, amount
    return amount, ZERO


def is_annual(line):
    # The lines paid every contract year: the same as the documents' yearly total.
    return line["schedule"]["kind"] in ("annual", "mission", "each_year", "variable_only")


def evaluate_case(case):
    """Evaluates a case read by `read_case`: the result object of `clause eval --format json`."""
    return _evaluate(case)[0]


def _evaluate(case):
    """The result object, `total_annuel` as a decimal (or None) and the totals by contract year."""
    notes = []
    total = None
    bands = bands_of(case["inputs"])
    band = bands[BAND_SET] if BAND_SET is not None else None
    values = _values_for(case["inputs"], bands)
    tranche = _describe_band(case, band, notes)
    eligible = True
    for condition in CONDITIONS:
        try:
            verdict = condition["test"](Env(case["inputs"], bands, values))
        except EvalError:
            eligible = False
            notes.append("la condition `%s` ne peut pas être évaluée : une entrée manque" % condition["name"])
            continue
        if verdict != ("bool", True):
            eligible = False
            notes.append("non éligible : la condition `%s` (%s) n'est pas remplie"
                         % (condition["name"], condition["label"] or "sans libellé"))
    resultats = []
    for index, value in enumerate(VALUES):
        result = values[index]
        if result is not None and result[0] == "ok":
            v = result[1]
            resultats.append({"nom": value["name"], "libelle": value["label"],
                              "valeur": euros(v[1]) if v[0] == "money" else display(v)})
    if eligible and any(is_annual(line) for line in LINES):
        # One definition with the documents' yearly total: `total_annuel` counts what this case
        # would be paid (the missions that run), `financement_annee_pleine` every engaged
        # mission in place (OpenFisca's `total_funding`), as `clause eval` (evaluate/totals.rs).
        for name, label, running_only in (
                ("total_annuel", "Financement annuel : lignes versées chaque année, missions en cours, "
                                 "part variable à l'atteinte de leur première année", True),
                ("financement_annee_pleine", "Financement d'une année pleine : lignes versées chaque année, "
                                             "toutes les missions engagées en place, part variable à "
                                             "l'atteinte de l'année 1", False)):
            amount = _annual_total(values, case, notes, running_only, name)
            if not running_only:
                total = amount  # the batch CSV's column
            if amount is not None:
                resultats.append({"nom": name, "libelle": label, "valeur": euros(amount)})
    _unused_achievements(case, notes)
    payments = []
    echeances = []
    hypotheses = []
    contract = case["contract"]
    if contract is not None:
        if eligible:
            # The versions of the amendment's chain, root first, each with this case's values:
            # the values in force before each date of effect (see the timeline's section).
            stages = _stages(case, values, bands)
            for line in LINES:
                before, noted = len(payments), len(notes)
                _pay_line(stages, case, contract, line, payments, notes)
                if len(payments) == before and len(notes) == noted:
                    notes.append(_unpaid_note(case, line))
                if len(payments) > before:
                    for h in line["hypotheses"]:
                        if h not in hypotheses:
                            hypotheses.append(h)
        if eligible:
            for value in UNPAID:
                notes.append("`%s` n'est pas versé : la ligne n'a pas de règle de versement" % VALUES[value]["name"])
        echeances = _deadlines(case, contract)
    if BAND_SET is not None and band is not None:
        band_set = BAND_SETS[BAND_SET]
        hypotheses.extend(band_set["bands"][band]["hypotheses"])
        # On a boundary, the hypotheses of the neighbouring band that decide it, as `clause eval`
        # lists them (interpret/scenarios.rs, `boundary_hypotheses`).
        value = case["inputs"][band_set["dimension"]] if band_set["dimension"] is not None else None
        if value is not None and value[0] in _NUMERIC:
            for h in boundary_hypotheses(band_set, band, value[1]):
                hypotheses.append("seuil %s : %s" % (french_number(value[1]), h))
    payments.sort(key=lambda p: (p[0], p[1]["annee"], _NATURE_ORDER[p[1]["nature"]]))
    totals = _year_totals(payments, contract)
    return {
        "version": VERSION,
        "tranche": tranche,
        "eligible": eligible,
        "resultats": resultats,
        "versements": [p[1] for p in payments],
        "totaux_par_annee": [{"annee": year, "debut": iso(start) if start else None,
                              "fin": iso(end) if end else None, "montant": euros(amount)}
                             for year, start, end, amount in totals],
        "echeances": echeances,
        "hypotheses": hypotheses,
        "notes": notes,
    }, total, [(year, amount) for year, _, _, amount in totals]


def _describe_band(case, band, notes):
    if BAND_SET is None:
        return None
    band_set = BAND_SETS[BAND_SET]
    if band_set["dimension"] is None:
        return None
    value = case["inputs"][band_set["dimension"]]
    if value is None:
        notes.append("l'entrée `%s` n'est pas donnée : aucune tranche de `%s` n'est choisie"
                     % (band_set["dimension_name"], band_set["name"]))
        return None
    if band is not None:
        return band_set["bands"][band]["name"]
    shown = french_number(value[1]) if value[0] in ("money", "count", "rate", "decimal") else "?"
    notes.append("%s = %s n'est dans aucune tranche de `%s`" % (band_set["dimension_name"], shown, band_set["name"]))
    return None


def _annual_total(values, case, notes, running_only, name):
    """The yearly funding: every line paid each contract year of every engaged mission; with
    `running_only` and a contract, only the missions started, at the achievement of the contract
    year they started in; else at the achievement of year 1."""
    total = ZERO
    missing = []
    for line in LINES:
        if not is_annual(line):
            continue
        mission = _mission_case(case, line["mission"])
        if not mission["engaged"]:
            continue
        year = 1
        contract = case["contract"]
        if running_only and contract is not None and line["mission"] is not None:
            if mission["start"] is None:
                continue
            year = _year_of(contract["signature"], mission["start"], _contract_years(contract))
        amount = _amount(values, line["value"])
        if amount is None:
            notes.append("`%s` n'est pas précisé pour cette tranche : `%s` n'est pas calculé"
                         % (VALUES[line["value"]]["name"], name))
            return None
        if amount[0] < 0:
            continue
        fixed, variable = split(amount, line)
        rate, given = achievement_of(mission, year)
        if not given and variable[0] != 0:
            missing.append("%s (année %d)" % (VALUES[line["value"]]["name"], year))
        total = dadd(total, dadd(fixed, dmul(variable, rate)))
    if missing:
        note = "atteinte non donnée pour %s : comptée 0" % ", ".join(missing)
        if note not in notes:
            notes.append(note)
    return total


def _unused_achievements(case, notes):
    """An achievement given for a contract year in which its mission did not run (not started,
    or started later) pays nothing: it is noted, as `clause eval` does."""
    contract = case["contract"]
    if contract is None:
        return
    years = _contract_years(contract)
    for index, mission in enumerate(case["missions"]):
        if index >= len(MISSIONS):
            continue
        start = mission["start"]
        first = _year_of(contract["signature"], start, years) if start is not None else None
        for year in sorted(mission["achievement"]):
            if first is not None and year >= first:
                continue
            if start is None:
                notes.append("atteinte donnée pour l'année %d de la mission `%s`, qui n'a pas démarré : "
                             "rien n'est versé" % (year, MISSIONS[index]["name"]))
            else:
                notes.append("atteinte donnée pour l'année %d de la mission `%s`, qui ne démarre que le %s : "
                             "rien n'est versé pour cette année" % (year, MISSIONS[index]["name"], french_date(start)))


def _year_of(signature, date, limit):
    year = 1
    while year < max(limit, 1) + 1:
        next_anniversary = anniversary(signature, year)
        if next_anniversary is None or next_anniversary > date:
            break
        year += 1
    return year


def _contract_years(contract):
    if CONTRACT_YEARS is not None:
        return CONTRACT_YEARS
    years = 1
    while years < 200:
        next_anniversary = anniversary(contract["signature"], years)
        if next_anniversary is None or not next_anniversary < contract["until"]:
            break
        years += 1
    return years


def _unpaid_note(case, line):
    # As the engine (evaluate/run.rs, `unpaid_note`): nothing unpaid in silence.
    name = VALUES[line["value"]]["name"]
    if line["schedule"]["kind"] == "none":
        why = "la ligne n'a pas de règle de versement"
    elif line["mission"] is not None and not _mission_case(case, line["mission"])["engaged"]:
        why = "la mission `%s` n'est pas engagée" % MISSIONS[line["mission"]]["name"]
    else:
        why = "aucune de ses échéances ne tombe dans la période évaluée"
    return "`%s` n'est pas versé : %s" % (name, why)


def _pay_line(stages, case, contract, line, out, notes):
    """The payments of one line (evaluate/run.rs, `pay_line`): each from the period of the line
    in force (a base's value before the amendment's date of effect), prorated by days within a
    contract year when a value taking effect in it says `au prorata`."""
    name = VALUES[line["value"]]["name"]
    mission = _mission_case(case, line["mission"])
    schedule = line["schedule"]
    kind = schedule["kind"]
    if not mission["engaged"] or kind == "none":
        return
    signature = contract["signature"]
    periods = _timeline(stages, line, signature)
    why = _timeline_refusal(periods)
    if why is not None:
        notes.append("`%s` n'est pas versé : %s" % (name, why))
        return
    years = _contract_years(contract)
    until = contract["until"]

    def note(text):
        if text not in notes:
            notes.append(text)

    def usable(period):
        # As `clause eval`: the amount is read when a payment falls due, so a hole or a negative
        # amount is noted only for a line that would pay something (evaluate/run.rs, `usable`).
        amount = period["amount"]
        if amount is None:
            if period["hole"]:
                note("`%s` n'est pas précisé par la version `%s` : aucun versement" % (name, period["version"]))
            return None
        if amount[0] < 0:
            note("`%s` vaut %s pour ce cas : négatif, aucun versement" % (name, french_money(amount)))
            return None
        return amount

    def on(day):
        # The period in force on `day`, and its amount.
        period = _at(periods, day)
        amount = usable(period) if period is not None else None
        return None if amount is None else (period, amount)

    def year_amount(start, end):
        # The amount of the contract year [start, end): the one in force on its first day, or,
        # when a value taking effect within the year says `au prorata`, each value by its days.
        pieces = _within(periods, start, end)
        if not any(period["prorated"] for _, period in pieces[1:]):
            return on(start)
        total = max((end - start).days, 1)
        amount = ZERO
        for index, (since, period) in enumerate(pieces):
            upto = pieces[index + 1][0] if index + 1 < len(pieces) else end
            value = usable(period)
            if value is None:
                return None
            amount = dadd(amount, ddiv(dmul(value, ((upto - since).days, 0)), (total, 0)))
        return pieces[-1][1], amount

    def once(day):
        # A one-off payment whose event falls on `day`: the value in force that day, else, for a
        # line not yet in force, its first value, paid on its date of effect.
        period = _at(periods, day)
        if period is not None:
            amount = usable(period)
            return None if amount is None else (period, amount, day)
        period = _first_after(periods, day)
        if period is None:
            return None
        note("`%s` : l'événement du %s précède la date d'effet de `%s` : versé le %s"
             % (name, french_date(day), period["version"], french_date(period["from"])))
        amount = usable(period)
        return None if amount is None else (period, amount, period["from"])

    def pay(period, date, year, nature, value):
        # Nothing due (a variable part at zero achievement) is not a payment.
        if date > until or value[0] == 0:
            return
        paid = period["line"]
        out.append((date, {
            "date": iso(date), "annee": year, "ligne": VALUES[paid["value"]]["name"],
            "libelle": VALUES[paid["value"]]["label"], "nature": nature, "montant": euros(value),
            "regle": paid["rule"], "version": period["version"], "source": period["source"],
            "citations": list(period["citations"]),
            "hypotheses": list(paid["hypotheses"]),
        }, value))

    def each_year(first, at_end):
        # The contract years from `first`, each with the date it pays on, its period and amount.
        for year in range(first, years + 1):
            start, end = anniversary(signature, year - 1), anniversary(signature, year)
            if start is None or end is None:
                continue
            found = year_amount(start, end)
            if found is not None:
                yield year, (end if at_end else start), found[0], found[1]

    if kind == "annual":
        for year in range(1, years + 1):
            start, end = anniversary(signature, year - 1), anniversary(signature, year)
            if start is None or end is None:
                break
            found = year_amount(start, end)
            if found is None:
                continue
            period, amount = found
            due = to_cent(amount)
            paid = to_cent(dmul(amount, schedule["advance"]))
            pay(period, start, year, "avance", paid)
            if schedule["balance"]:
                pay(period, end, year, "solde", dsub(due, paid))
    elif kind == "mission":
        start = mission["start"]
        if start is None:
            if line["mission"] is not None:
                note("mission `%s` non démarrée au %s : aucun versement pour ses enveloppes" % (
                    MISSIONS[line["mission"]]["name"], iso(until)))
            return
        first_year = _year_of(signature, start, years)
        if first_year > years:
            note("`%s` : la mission démarre après la fin du contrat" % name)
            return
        for year in range(first_year, years + 1):
            year_start, year_end = anniversary(signature, year - 1), anniversary(signature, year)
            if year_start is None or year_end is None:
                break
            if year == first_year and schedule["prorated"] and start > year_start:
                remaining = (year_end - start).days
                length = max((year_end - year_start).days, 1)
                paid_from, share = start, ddiv((remaining, 0), (length, 0))
            else:
                paid_from, share = (start if year == first_year else year_start), ONE
            found = year_amount(paid_from, year_end)
            if found is None:
                continue
            period, amount = found
            fixed, variable_part = split(amount, period["line"])
            fixed_due_exact = dmul(fixed, share)
            fixed_due = to_cent(fixed_due_exact)
            advanced = to_cent(dmul(fixed_due_exact, schedule["advance"]))
            pay(period, paid_from, year, "avance", advanced)
            if schedule["balance"]:
                pay(period, year_end, year, "solde", dsub(fixed_due, advanced))
            if schedule["variable"] and variable_part[0] != 0:
                rate, given = achievement_of(mission, year)
                due = to_cent(dmul(dmul(variable_part, share), rate))
                if not given and year_end <= until:
                    note("atteinte de l'année %d non donnée pour `%s` : part variable comptée 0" % (year, name))
                pay(period, year_end, year, "variable", due)
    elif kind == "at_signature":
        found = once(signature)
        if found is not None:
            period, amount, date = found
            pay(period, date, _year_of(signature, date, years), "ponctuel", to_cent(amount))
    elif kind == "first_year":
        date = mission["start"] if line["mission"] is not None else signature
        if date is None:
            note("`%s` : la mission n'a pas démarré, rien n'est versé" % name)
        else:
            found = once(date)
            if found is not None:
                period, amount, date = found
                pay(period, date, _year_of(signature, date, years), "forfait", to_cent(amount))
    elif kind == "following_years":
        start = mission["start"] if line["mission"] is not None else signature
        if start is None:
            return
        for year, date, period, amount in each_year(_year_of(signature, start, years) + 1, False):
            pay(period, date, year, "forfait", to_cent(amount))
    elif kind == "each_crisis":
        for crisis in contract["crises"]:
            found = on(crisis)
            if found is not None:
                pay(found[0], crisis, _year_of(signature, crisis, years), "ponctuel", to_cent(found[1]))
    elif kind == "letter_of_intent":
        letter = contract["letter"]
        if letter is not None:
            found = once(letter)
            if found is not None:
                period, amount, paid_on = found
                year = 0 if paid_on == letter else _year_of(signature, paid_on, years)
                pay(period, paid_on, year, "ponctuel", to_cent(amount))
        else:
            note("`%s` : date de validation de la lettre d'intention non donnée "
                 "(`contrat.lettre_intention`), rien n'est versé" % name)
    elif kind == "each_year":
        for year, date, period, amount in each_year(1, True):
            pay(period, date, year, "forfait", to_cent(amount))
    elif kind == "variable_only":
        for year, date, period, amount in each_year(1, True):
            pay(period, date, year, "variable", to_cent(dmul(amount, achievement_of(mission, year)[0])))


def _year_totals(payments, contract):
    if contract is None:
        return []
    years = _contract_years(contract)
    signature = contract["signature"]
    totals = []
    for year in range(0, years + 1):
        start = None if year == 0 else anniversary(signature, year - 1)
        end = signature if year == 0 else anniversary(signature, year)
        totals.append([year, start, end, ZERO])
    for _, payment, amount in payments:
        if payment["annee"] < len(totals):
            totals[payment["annee"]][3] = dadd(totals[payment["annee"]][3], amount)
    if totals and totals[0][3][0] == 0:
        totals.pop(0)
    return totals


def _deadlines(case, contract):
    out = []
    for index, mission in enumerate(MISSIONS):
        state = case["missions"][index]
        if not state["engaged"]:
            continue
        # A mission an amendment adds: its deadlines count from the later of the signature and
        # the amendment's date of effect, and the amendment's own `applicable … avant` applies.
        counted_from = contract["signature"]
        if mission["added"] is not None:
            _, effect, before = mission["added"]
            if before is not None and not contract["signature"] < before:
                continue
            if effect is not None and effect > counted_from:
                counted_from = effect
        for nature, rule, done in (("démarrage", mission["start"], state["start"]),
                                   ("déploiement", mission["effective"], state["effective"])):
            if rule is None:
                continue

            def status(statut, date, detail):
                return {"mission": mission["name"], "nature": nature, "date": iso(date) if date else None,
                        "statut": statut, "detail": detail}

            if rule[0] == "free":
                out.append(status("libre", None, "pas d'échéance"))
                continue
            if rule[0] == "unspecified":
                out.append(status("non précisée", None, "la version ne la précise pas"))
                continue
            _, amount, unit, event = rule
            origin = counted_from if event == "signature" else state["start"]
            deadline = add_duration(origin, amount, unit) if origin is not None else None
            if deadline is None:
                out.append(status("à venir", None,
                                  "la mission n'a pas démarré : l'échéance court de son démarrage"))
            elif done is not None and done <= deadline:
                out.append(status("respectée", deadline, "le %s pour une échéance au %s"
                                  % (french_date(done), french_date(deadline))))
            elif done is not None:
                out.append(status("manquée", deadline, "le %s, après l'échéance du %s"
                                  % (french_date(done), french_date(deadline))))
            elif contract["until"] > deadline and nature == "démarrage":
                out.append(status("manquée", deadline, "non démarrée au %s, échéance dépassée le %s"
                                  % (french_date(contract["until"]), french_date(deadline))))
            elif contract["until"] > deadline:
                out.append(status("non renseignée", deadline,
                                  "échéance passée le %s : date de déploiement non donnée (`deploiement`)"
                                  % french_date(deadline)))
            else:
                out.append(status("à venir", deadline, "au plus tard le %s" % french_date(deadline)))
    return out
