// ---------------------------------------------------------------------------------------------
// Evaluation of one case: band, eligibility, results, dated payments, totals per contract
// year, deadlines. Contract year n runs from the (n-1)th anniversary of the signature to the
// nth; prorating counts days from the mission's start (included) to the anniversary (excluded)
// over the days of that year; each payment is rounded to the cent, half away from zero, and a
// balance is the rounded amount due minus the advance paid.
// ---------------------------------------------------------------------------------------------

const NATURE_ORDER = { solde: 0, variable: 1, avance: 2, forfait: 3, ponctuel: 4 };

// The band of each band set (of the version, or the `bandSets` of a base), chosen by its
// dimension input.
function bandsOf(inputs, bandSets = BAND_SETS) {
  return bandSets.map((set) => {
    const value = set.dimension === null ? null : inputs[set.dimension];
    if (value === null || !NUMERIC.includes(value[0])) return null;
    const holds = (b) => {
      const low = dcmp(value[1], b.low);
      const high = b.high === null ? null : dcmp(value[1], b.high);
      return (low > 0 || (low === 0 && !b.low_open)) && (high === null || high < 0 || (high === 0 && !b.high_open));
    };
    const index = set.bands.findIndex(holds);
    return index < 0 ? null : index;
  });
}

// The hypotheses that decide which band holds `value` when it sits on a boundary of band
// `chosen`: those of the band just below when `value` is its first value, of the band just above
// when it is its last (a `hypothèse` on a band speaks of its own bounds).
function boundaryHypotheses(set, chosen, value) {
  const band = set.bands[chosen];
  const step = set.step;
  const touches = (other) => (dcmp(value, band.low) === 0 && other.high !== null && dcmp(dadd(other.high, step), value) === 0)
    || (band.high !== null && dcmp(band.high, value) === 0 && dcmp(other.low, dadd(value, step)) === 0);
  const found = set.bands.flatMap((other, index) => (index !== chosen && touches(other) ? other.hypotheses : []));
  // A hypothesis written on the bound itself decides, whichever band carries it.
  for (const other of set.bands) {
    for (const [bound, hypothesis] of other.bound_hypotheses) {
      if (dcmp(bound, value) === 0 && !found.includes(hypothesis)) found.push(hypothesis);
    }
  }
  return found;
}

// The case's values in the version (or in `stage`): from the per-band table when the band is
// all they need.
function valuesFor(inputs, bands, stage = null) {
  const data = stage ?? ownStage();
  if (data.needs_inputs) return computeValues(inputs, bands, data);
  if (data.band_set === null) return data.static[0];
  const band = bands[data.band_set];
  return band === null ? data.values.map(() => null) : data.static[band];
}

function amountOf(values, index) {
  const result = values[index];
  return result !== null && result[0] === "ok" && result[1][0] === "money" ? result[1][1] : null;
}

const missionCase = (c, mission) => (mission === null
  ? { engaged: true, start: null, effective: null, achievement: new Map(), fallback: null }
  : c.missions[mission]);

function achievementOf(mission, year) {
  if (mission.achievement.has(year)) return [mission.achievement.get(year), true];
  if (mission.fallback !== null) return [mission.fallback, true];
  return [ZERO, false];
}

function split(amount, line) {
  const schedule = line.schedule;
  if (schedule.kind === "mission" && schedule.variable && line.fixed_share !== null) {
    const fixed = dmul(amount, line.fixed_share);
    return [fixed, dsub(amount, fixed)];
  }
  if (schedule.kind === "variable_only") return [ZERO, amount];
  return [amount, ZERO];
}

// The lines paid every contract year: the same as the documents' yearly total.
const isAnnual = (line) => ["annual", "mission", "each_year", "variable_only"].includes(line.schedule.kind);
const pushOnce = (list, item) => { if (!list.includes(item)) list.push(item); };

const evaluateCase = (c) => evaluateFull(c)[0];

// The result object, `financement_annee_pleine` as a decimal (or null: the batch CSV's column)
// and [year, amount] of each contract year's total.
function evaluateFull(c) {
  const notes = [];
  let fullYear = null;
  const bands = bandsOf(c.inputs);
  const band = BAND_SET === null ? null : bands[BAND_SET];
  const values = valuesFor(c.inputs, bands);
  const tranche = describeBand(c, band, notes);
  let eligible = true;
  for (const condition of CONDITIONS) {
    let verdict;
    try {
      verdict = condition.test(new Env(c.inputs, bands, values));
    } catch (error) {
      if (!(error instanceof EvalError)) throw error;
      eligible = false;
      notes.push("la condition `" + condition.name + "` ne peut pas être évaluée : une entrée manque");
      continue;
    }
    if (!(verdict[0] === "bool" && verdict[1] === true)) {
      eligible = false;
      notes.push("non éligible : la condition `" + condition.name + "` (" + (condition.label ?? "sans libellé") + ") n'est pas remplie");
    }
  }
  const resultats = [];
  VALUES.forEach((value, index) => {
    const result = values[index];
    if (result !== null && result[0] === "ok") {
      const v = result[1];
      resultats.push({ nom: value.name, libelle: value.label, valeur: v[0] === "money" ? euros(v[1]) : display(v) });
    }
  });
  if (eligible && LINES.some(isAnnual)) {
    // One definition with the documents' yearly total: `total_annuel` counts what this case
    // would be paid (the missions that run), `financement_annee_pleine` every engaged mission
    // in place (OpenFisca's `total_funding`), as `clause eval` (evaluate/totals.rs).
    for (const [name, label, runningOnly] of [
      ["total_annuel", "Financement annuel : lignes versées chaque année, missions en cours, part variable à l'atteinte de leur première année", true],
      ["financement_annee_pleine", "Financement d'une année pleine : lignes versées chaque année, toutes les missions engagées en place, part variable à l'atteinte de l'année 1", false],
    ]) {
      const total = annualTotal(values, c, notes, runningOnly, name);
      if (!runningOnly) fullYear = total;
      if (total !== null) resultats.push({ nom: name, libelle: label, valeur: euros(total) });
    }
  }
  unusedAchievements(c, notes);
  const payments = [];
  let echeances = [];
  const hypotheses = [];
  const contract = c.contract;
  if (contract !== null) {
    if (eligible) {
      // The versions of the amendment's chain, root first, each with this case's values: the
      // values in force before each date of effect (timeline section).
      const stages = stagesOf(c, values, bands);
      for (const line of LINES) {
        const before = payments.length;
        const noted = notes.length;
        payLine(stages, c, contract, line, payments, notes);
        if (payments.length === before && notes.length === noted) notes.push(unpaidNote(c, line));
        if (payments.length > before) line.hypotheses.forEach((h) => pushOnce(hypotheses, h));
      }
    }
    if (eligible) for (const value of UNPAID) notes.push("`" + VALUES[value].name + "` n'est pas versé : la ligne n'a pas de règle de versement");
    echeances = deadlines(c, contract);
  }
  if (BAND_SET !== null && band !== null) {
    const set = BAND_SETS[BAND_SET];
    hypotheses.push(...set.bands[band].hypotheses);
    // On a boundary, the hypotheses of the neighbouring band that decide it, as `clause eval`
    // lists them (interpret/scenarios.rs, `boundary_hypotheses`).
    const value = set.dimension === null ? null : c.inputs[set.dimension];
    if (value !== null && NUMERIC.includes(value[0])) {
      for (const h of boundaryHypotheses(set, band, value[1])) hypotheses.push("seuil " + frenchNumber(value[1]) + " : " + h);
    }
  }
  payments.sort((x, y) => x[0] - y[0] || x[1].annee - y[1].annee || NATURE_ORDER[x[1].nature] - NATURE_ORDER[y[1].nature]);
  const totals = yearTotals(payments, contract);
  return [{
    version: VERSION,
    tranche,
    eligible,
    resultats,
    versements: payments.map((p) => p[1]),
    totaux_par_annee: totals.map(([annee, start, end, amount]) => ({ annee, debut: start === null ? null : iso(start), fin: end === null ? null : iso(end), montant: euros(amount) })),
    echeances,
    hypotheses,
    notes,
  }, fullYear, totals.map(([year, , , amount]) => [year, amount])];
}

function describeBand(c, band, notes) {
  if (BAND_SET === null) return null;
  const set = BAND_SETS[BAND_SET];
  if (set.dimension === null) return null;
  const value = c.inputs[set.dimension];
  if (value === null) {
    notes.push("l'entrée `" + set.dimension_name + "` n'est pas donnée : aucune tranche de `" + set.name + "` n'est choisie");
    return null;
  }
  if (band !== null) return set.bands[band].name;
  const shown = NUMERIC.includes(value[0]) ? frenchNumber(value[1]) : "?";
  notes.push(set.dimension_name + " = " + shown + " n'est dans aucune tranche de `" + set.name + "`");
  return null;
}

// The yearly funding: every line paid each contract year of every engaged mission; with
// `runningOnly` and a contract, only the missions started, at the achievement of the contract
// year they started in; else at the achievement of year 1.
function annualTotal(values, c, notes, runningOnly, name) {
  let total = ZERO;
  const missing = [];
  for (const line of LINES) {
    if (!isAnnual(line)) continue;
    const mission = missionCase(c, line.mission);
    if (!mission.engaged) continue;
    let year = 1;
    if (runningOnly && c.contract !== null && line.mission !== null) {
      if (mission.start === null) continue;
      year = yearOf(c.contract.signature, mission.start, contractYears(c.contract));
    }
    const amount = amountOf(values, line.value);
    if (amount === null) {
      notes.push("`" + VALUES[line.value].name + "` n'est pas précisé pour cette tranche : `" + name + "` n'est pas calculé");
      return null;
    }
    if (amount[0] < 0n) continue;
    const [fixed, variable] = split(amount, line);
    const [rate, given] = achievementOf(mission, year);
    if (!given && variable[0] !== 0n) missing.push(VALUES[line.value].name + " (année " + year + ")");
    total = dadd(total, dadd(fixed, dmul(variable, rate)));
  }
  if (missing.length) pushOnce(notes, "atteinte non donnée pour " + missing.join(", ") + " : comptée 0");
  return total;
}

// An achievement given for a contract year in which its mission did not run (not started, or
// started later) pays nothing: it is noted, as `clause eval` does.
function unusedAchievements(c, notes) {
  const contract = c.contract;
  if (contract === null) return;
  const years = contractYears(contract);
  c.missions.forEach((mission, index) => {
    if (index >= MISSIONS.length) return;
    const start = mission.start;
    const first = start === null ? null : yearOf(contract.signature, start, years);
    for (const year of [...mission.achievement.keys()].sort((a, b) => a - b)) {
      if (first !== null && year >= first) continue;
      notes.push(start === null
        ? "atteinte donnée pour l'année " + year + " de la mission `" + MISSIONS[index].name + "`, qui n'a pas démarré : rien n'est versé"
        : "atteinte donnée pour l'année " + year + " de la mission `" + MISSIONS[index].name + "`, qui ne démarre que le " + frenchDate(start) + " : rien n'est versé pour cette année");
    }
  });
}

function yearOf(signature, day, limit) {
  let year = 1;
  while (year < Math.max(limit, 1) + 1) {
    const next = anniversary(signature, year);
    if (next === null || next > day) break;
    year += 1;
  }
  return year;
}

function contractYears(contract) {
  if (CONTRACT_YEARS !== null) return CONTRACT_YEARS;
  let years = 1;
  while (years < 200) {
    const next = anniversary(contract.signature, years);
    if (next === null || !(next < contract.until)) break;
    years += 1;
  }
  return years;
}

// As the engine (evaluate/run.rs, `unpaid_note`): nothing unpaid in silence.
function unpaidNote(c, line) {
  const name = VALUES[line.value].name;
  let why = "aucune de ses échéances ne tombe dans la période évaluée";
  if (line.schedule.kind === "none") why = "la ligne n'a pas de règle de versement";
  else if (line.mission !== null && !missionCase(c, line.mission).engaged) why = "la mission `" + MISSIONS[line.mission].name + "` n'est pas engagée";
  return "`" + name + "` n'est pas versé : " + why;
}

// The payments of one line (evaluate/run.rs, `pay_line`): each from the period of the line in
// force (a base's value before the amendment's date of effect), prorated by days within a
// contract year when a value taking effect in it says `au prorata`.
function payLine(stages, c, contract, line, out, notes) {
  const name = VALUES[line.value].name;
  const mission = missionCase(c, line.mission);
  const schedule = line.schedule;
  const kind = schedule.kind;
  if (!mission.engaged || kind === "none") return;
  const { signature, until } = contract;
  const periods = timelineOf(stages, line, signature);
  const why = timelineRefusal(periods);
  if (why !== null) {
    notes.push("`" + name + "` n'est pas versé : " + why);
    return;
  }
  const years = contractYears(contract);
  // As `clause eval`: the amount is read when a payment falls due, so a hole or a negative
  // amount is noted only for a line that would pay something (evaluate/run.rs, `usable`).
  const usable = (period) => {
    const amount = period.amount;
    if (amount === null) {
      if (period.hole) pushOnce(notes, "`" + name + "` n'est pas précisé par la version `" + period.version + "` : aucun versement");
      return null;
    }
    if (amount[0] < 0n) {
      pushOnce(notes, "`" + name + "` vaut " + frenchMoney(amount) + " pour ce cas : négatif, aucun versement");
      return null;
    }
    return amount;
  };
  // The period in force on `day`, and its amount.
  const on = (day) => {
    const period = periodAt(periods, day);
    const amount = period === null ? null : usable(period);
    return amount === null ? null : [period, amount];
  };
  // The amount of the contract year [start, end): the one in force on its first day, or, when a
  // value taking effect within the year says `au prorata`, each value by its days.
  const yearAmount = (start, end) => {
    const pieces = within(periods, start, end);
    if (!pieces.slice(1).some(([, p]) => p.prorated)) return on(start);
    const total = [BigInt(Math.max(end - start, 1)), 0];
    let amount = ZERO;
    for (let i = 0; i < pieces.length; i += 1) {
      const [since, period] = pieces[i];
      const upto = i + 1 < pieces.length ? pieces[i + 1][0] : end;
      const value = usable(period);
      if (value === null) return null;
      amount = dadd(amount, ddiv(dmul(value, [BigInt(upto - since), 0]), total));
    }
    return [pieces[pieces.length - 1][1], amount];
  };
  // A one-off payment whose event falls on `day`: the value in force that day, else, for a line
  // not yet in force, its first value, paid on its date of effect.
  const once = (day) => {
    let period = periodAt(periods, day);
    if (period !== null) {
      const amount = usable(period);
      return amount === null ? null : [period, amount, day];
    }
    period = firstAfter(periods, day);
    if (period === null) return null;
    pushOnce(notes, "`" + name + "` : l'événement du " + frenchDate(day) + " précède la date d'effet de `" + period.version + "` : versé le " + frenchDate(period.from));
    const amount = usable(period);
    return amount === null ? null : [period, amount, period.from];
  };
  const pay = (period, day, year, nature, value) => {
    // Nothing due (a variable part at zero achievement) is not a payment.
    if (day > until || value[0] === 0n) return;
    const paid = period.line;
    out.push([day, { date: iso(day), annee: year, ligne: VALUES[paid.value].name, libelle: VALUES[paid.value].label, nature,
      montant: euros(value), regle: paid.rule, version: period.version, source: period.source, citations: [...period.citations], hypotheses: [...paid.hypotheses] }, value]);
  };
  // The contract years from `first`, each with the date it pays on, its period and amount.
  const eachYear = (first, atEnd, payYear) => {
    for (let year = first; year <= years; year += 1) {
      const start = anniversary(signature, year - 1);
      const end = anniversary(signature, year);
      if (start === null || end === null) continue;
      const found = yearAmount(start, end);
      if (found !== null) payYear(year, atEnd ? end : start, found[0], found[1]);
    }
  };
  if (kind === "annual") {
    for (let year = 1; year <= years; year += 1) {
      const start = anniversary(signature, year - 1);
      const end = anniversary(signature, year);
      if (start === null || end === null) break;
      const found = yearAmount(start, end);
      if (found === null) continue;
      const [period, amount] = found;
      const due = toCent(amount);
      const paid = toCent(dmul(amount, schedule.advance));
      pay(period, start, year, "avance", paid);
      if (schedule.balance) pay(period, end, year, "solde", dsub(due, paid));
    }
  } else if (kind === "mission") {
    const start = mission.start;
    if (start === null) {
      if (line.mission !== null) pushOnce(notes, "mission `" + MISSIONS[line.mission].name + "` non démarrée au " + iso(until) + " : aucun versement pour ses enveloppes");
      return;
    }
    const firstYear = yearOf(signature, start, years);
    if (firstYear > years) {
      pushOnce(notes, "`" + name + "` : la mission démarre après la fin du contrat");
      return;
    }
    for (let year = firstYear; year <= years; year += 1) {
      const yearStart = anniversary(signature, year - 1);
      const yearEnd = anniversary(signature, year);
      if (yearStart === null || yearEnd === null) break;
      let paidFrom = year === firstYear ? start : yearStart;
      let share = ONE;
      if (year === firstYear && schedule.prorated && start > yearStart) {
        share = ddiv([BigInt(yearEnd - start), 0], [BigInt(Math.max(yearEnd - yearStart, 1)), 0]);
        paidFrom = start;
      }
      const found = yearAmount(paidFrom, yearEnd);
      if (found === null) continue;
      const [period, amount] = found;
      const [fixed, variablePart] = split(amount, period.line);
      const fixedDueExact = dmul(fixed, share);
      const fixedDue = toCent(fixedDueExact);
      const advanced = toCent(dmul(fixedDueExact, schedule.advance));
      pay(period, paidFrom, year, "avance", advanced);
      if (schedule.balance) pay(period, yearEnd, year, "solde", dsub(fixedDue, advanced));
      if (schedule.variable && variablePart[0] !== 0n) {
        const [rate, given] = achievementOf(mission, year);
        const due = toCent(dmul(dmul(variablePart, share), rate));
        if (!given && yearEnd <= until) pushOnce(notes, "atteinte de l'année " + year + " non donnée pour `" + name + "` : part variable comptée 0");
        pay(period, yearEnd, year, "variable", due);
      }
    }
  } else if (kind === "at_signature") {
    const found = once(signature);
    if (found !== null) pay(found[0], found[2], yearOf(signature, found[2], years), "ponctuel", toCent(found[1]));
  } else if (kind === "first_year") {
    const day = line.mission !== null ? mission.start : signature;
    if (day === null) pushOnce(notes, "`" + name + "` : la mission n'a pas démarré, rien n'est versé");
    else {
      const found = once(day);
      if (found !== null) pay(found[0], found[2], yearOf(signature, found[2], years), "forfait", toCent(found[1]));
    }
  } else if (kind === "following_years") {
    const start = line.mission !== null ? mission.start : signature;
    if (start === null) return;
    eachYear(yearOf(signature, start, years) + 1, false, (year, day, period, amount) => pay(period, day, year, "forfait", toCent(amount)));
  } else if (kind === "each_crisis") {
    for (const crisis of contract.crises) {
      const found = on(crisis);
      if (found !== null) pay(found[0], crisis, yearOf(signature, crisis, years), "ponctuel", toCent(found[1]));
    }
  } else if (kind === "letter_of_intent") {
    const letter = contract.letter;
    if (letter !== null) {
      const found = once(letter);
      if (found !== null) {
        const [period, amount, paidOn] = found;
        pay(period, paidOn, paidOn === letter ? 0 : yearOf(signature, paidOn, years), "ponctuel", toCent(amount));
      }
    } else pushOnce(notes, "`" + name + "` : date de validation de la lettre d'intention non donnée (`contrat.lettre_intention`), rien n'est versé");
  } else if (kind === "each_year") {
    eachYear(1, true, (year, day, period, amount) => pay(period, day, year, "forfait", toCent(amount)));
  } else if (kind === "variable_only") {
    eachYear(1, true, (year, day, period, amount) => pay(period, day, year, "variable", toCent(dmul(amount, achievementOf(mission, year)[0]))));
  }
}

function yearTotals(payments, contract) {
  if (contract === null) return [];
  const years = contractYears(contract);
  const signature = contract.signature;
  const totals = [];
  for (let year = 0; year <= years; year += 1) {
    totals.push([year, year === 0 ? null : anniversary(signature, year - 1), year === 0 ? signature : anniversary(signature, year), ZERO]);
  }
  for (const [, payment, amount] of payments) {
    if (payment.annee < totals.length) totals[payment.annee][3] = dadd(totals[payment.annee][3], amount);
  }
  if (totals.length && totals[0][3][0] === 0n) totals.shift();
  return totals;
}

function deadlines(c, contract) {
  const out = [];
  MISSIONS.forEach((mission, index) => {
    const state = c.missions[index];
    if (!state.engaged) return;
    // A mission an amendment adds: its deadlines count from the later of the signature and the
    // amendment's date of effect, and the amendment's own `applicable … avant` applies.
    let countedFrom = contract.signature;
    if (mission.added !== null) {
      const [, effect, before] = mission.added;
      if (before !== null && !(contract.signature < before)) return;
      if (effect !== null && effect > countedFrom) countedFrom = effect;
    }
    for (const [nature, rule, done] of [["démarrage", mission.start, state.start], ["déploiement", mission.effective, state.effective]]) {
      if (rule === null) continue;
      const status = (statut, day, detail) => ({ mission: mission.name, nature, date: day === null ? null : iso(day), statut, detail });
      if (rule[0] === "free") {
        out.push(status("libre", null, "pas d'échéance"));
        continue;
      }
      if (rule[0] === "unspecified") {
        out.push(status("non précisée", null, "la version ne la précise pas"));
        continue;
      }
      const [, amount, unit, event] = rule;
      const origin = event === "signature" ? countedFrom : state.start;
      const deadline = origin === null ? null : addDuration(origin, amount, unit);
      if (deadline === null) out.push(status("à venir", null, "la mission n'a pas démarré : l'échéance court de son démarrage"));
      else if (done !== null && done <= deadline) out.push(status("respectée", deadline, "le " + frenchDate(done) + " pour une échéance au " + frenchDate(deadline)));
      else if (done !== null) out.push(status("manquée", deadline, "le " + frenchDate(done) + ", après l'échéance du " + frenchDate(deadline)));
      else if (contract.until > deadline && nature === "démarrage") out.push(status("manquée", deadline, "non démarrée au " + frenchDate(contract.until) + ", échéance dépassée le " + frenchDate(deadline)));
      else if (contract.until > deadline) out.push(status("non renseignée", deadline, "échéance passée le " + frenchDate(deadline) + " : date de déploiement non donnée (`deploiement`)"));
      else out.push(status("à venir", deadline, "au plus tard le " + frenchDate(deadline)));
    }
  });
  return out;
}

// The result of `clause eval VERSION --case F --format json` for the case `F` holds (an object
// as `JSON.parse` reads it). A refused case throws CaseErrors, whose `errors` name each field.
// A contract signed after the version's `applicable aux contrats signés avant le` is evaluated as
// `clause eval VERSION` does: the version's own lines are refused to it, each with a note, and
// the lines of its bases are paid (timeline section).
export function evaluate(caseObject) {
  return evaluateCase(readCase(caseObject));
}
