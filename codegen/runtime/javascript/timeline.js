// ---------------------------------------------------------------------------------------------
// Amendments in time (docs/evaluation.md, « Le temps des avenants »; evaluate/timeline.rs): an
// amendment's value of a line counts from its date of effect (or the line's own `à compter
// du`); before it, the value of the base (or nothing, for a line the amendment adds). The
// versions of the chain are stages, root first (HISTORY, then this version), each with its own
// bands, values and conditions, inputs read by name. A line's periods are the stages that wrote
// it; a contract outside a period's rule (`applicable aux contrats signés avant le` of its
// version, `réservé …` of the line) keeps the previous period's value, or nothing.
// ---------------------------------------------------------------------------------------------

// This version as a stage of its chain: its module's constants.
const ownStage = () => ({
  name: VERSION, inputs: null, applicable_before: APPLICABLE_BEFORE, effect: DATE_OF_EFFECT,
  band_sets: BAND_SETS, band_set: BAND_SET, values: VALUES, evaluation_order: EVALUATION_ORDER,
  needs_inputs: NEEDS_INPUTS, static: STATIC, lines: LINES, conditions: CONDITIONS,
});

// One version of the chain with the values it gives this case and the verdict of each of its
// conditions (null: an input is missing).
function stageOf(data, inputs, values = null, bands = null) {
  const chosen = bands ?? bandsOf(inputs, data.band_sets);
  const computed = values ?? valuesFor(inputs, chosen, data);
  const conditions = data.conditions.map((condition) => {
    try {
      const verdict = condition.test(new Env(inputs, chosen, computed));
      return verdict[0] === "bool" ? verdict[1] : null;
    } catch (error) {
      if (!(error instanceof EvalError)) throw error;
      return null;
    }
  });
  return { data, values: computed, conditions };
}

// The bases (root first), each with the case's inputs read by name, then this version.
function stagesOf(c, values, bands) {
  const stages = HISTORY.map((data) => stageOf(data, data.inputs.map((i) => (i === null ? null : c.inputs[i]))));
  stages.push(stageOf(ownStage(), c.inputs, values, bands));
  return stages;
}

function valueNamed(data, name) {
  if (data.names === undefined) {
    data.names = new Map();
    data.values.forEach((value, position) => { if (!data.names.has(value.name)) data.names.set(value.name, position); });
  }
  return data.names.has(name) ? data.names.get(name) : null;
}

// Why a version's own lines do not apply to a contract signed on `signature`.
function versionRefusal(data, signature) {
  const limit = data.applicable_before;
  if (limit === null || signature < limit) return null;
  return "`" + data.name + "` réserve ses lignes aux contrats signés avant le " + iso(limit) + " (signature : " + iso(signature) + ")";
}

// Why a line's own rules (`réservé …`) keep it from this case.
function lineRefusal(stage, item, signature) {
  const data = stage.data;
  for (const [kind, argument] of item.reserved) {
    if (kind === "before") {
      if (signature >= argument) return "`" + data.name + "` le réserve aux contrats signés avant le " + iso(argument) + " (signature : " + iso(signature) + ")";
    } else if (kind === "after") {
      if (signature <= argument) return "`" + data.name + "` le réserve aux contrats signés après le " + iso(argument) + " (signature : " + iso(signature) + ")";
    } else {
      const position = data.conditions.findIndex((c) => c.name === argument);
      if (position < 0) continue;
      const verdict = position < stage.conditions.length ? stage.conditions[position] : null;
      if (verdict === true) continue;
      if (verdict === false) return "`" + data.name + "` le réserve aux cas où la condition `" + argument + "` est remplie";
      return "la condition `" + argument + "` ne peut pas être évaluée : une entrée manque";
    }
  }
  return null;
}

// The periods of `line` (a line of this version), over every stage that wrote it: from (null:
// from the start), the version, its amount (or whether it is a hole), the line as that version
// pays it, its source, why the contract is refused it, whether it is prorated.
function timelineOf(stages, line, signature) {
  const name = VALUES[line.value].name;
  const last = stages.length - 1;
  const periods = [];
  stages.forEach((stage, index) => {
    const data = stage.data;
    const position = valueNamed(data, name);
    if (position === null) return;
    const item = data.values[position];
    // Inherited unchanged: the period of the version that wrote it goes on.
    if (index > 0 && item.declared_in !== data.name) return;
    const since = item.effect !== null ? item.effect[0] : index === 0 ? null : data.effect;
    const ownLine = index === last ? line : (data.lines.find((l) => l.value === position) ?? line);
    const result = stage.values[position];
    const amount = result !== null && result[0] === "ok" && result[1][0] === "money" ? result[1][1] : null;
    const hole = result !== null && result[0] === "err" && result[1] === "hole";
    const refused = versionRefusal(data, signature) ?? lineRefusal(stage, item, signature);
    periods.push({ from: since, version: data.name, amount, hole, line: ownLine, source: item.source, citations: item.citations, refused,
      prorated: item.effect !== null && item.effect[1] });
  });
  return periods;
}

// The period in force on `day`: the latest the contract is eligible to that has begun.
function periodAt(periods, day) {
  for (let i = periods.length - 1; i >= 0; i -= 1) {
    const p = periods[i];
    if (p.refused === null && (p.from === null || p.from <= day)) return p;
  }
  return null;
}

// The first period the contract is eligible to that begins after `day`.
const firstAfter = (periods, day) => periods.find((p) => p.refused === null && p.from !== null && p.from > day) ?? null;

// Why the contract gets none of the line's periods, when it is refused each of them.
const timelineRefusal = (periods) => (periods.every((p) => p.refused !== null) && periods.length ? periods[periods.length - 1].refused : null);

// The changes of value within [start, end): the period on `start` first (if any), then each one
// beginning inside, with the day it counts from.
function within(periods, start, end) {
  const out = [];
  const first = periodAt(periods, start);
  if (first !== null) out.push([start, first]);
  let day = start;
  for (;;) {
    let following = null;
    for (const p of periods) {
      if (p.refused === null && p.from !== null && p.from > day && p.from < end && (following === null || p.from < following)) following = p.from;
    }
    if (following === null) return out;
    day = following;
    const current = periodAt(periods, day);
    if (current !== null) out.push([day, current]);
  }
}
