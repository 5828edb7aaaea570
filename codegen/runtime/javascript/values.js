// ---------------------------------------------------------------------------------------------
// Typed values and the operators of the language, exact and checked as in the engine. A value
// is an array: ["money", d], ["count", d], ["rate", d], ["decimal", d], ["duration", d, unit],
// ["date", day], ["bool", b], ["text", s], ["variant", enum, index], ["set", enum, Set].
// ---------------------------------------------------------------------------------------------

const NUMERIC = ["money", "count", "rate", "decimal"];
const MAX_AMOUNT = [10n ** 21n, 0];
const HOLE = ["hole"];
const MISSING = ["missing"];

class Env {
  constructor(inputs, bands, values) {
    this.inputs = inputs;
    this.bands = bands;
    this.values = values;
  }
  input(index) {
    const value = this.inputs[index];
    if (value === null) throw new EvalError("missing_input");
    return value;
  }
  value(index) {
    const result = this.values[index];
    if (result === null) throw new EvalError("cycle");
    if (result[0] === "err") throw new EvalError(result[1]);
    return result[1];
  }
  table(bandSet, entries) {
    const band = this.bands[bandSet];
    if (band === null) throw new EvalError("no_band");
    const entry = band < entries.length ? entries[band] : MISSING;
    if (entry === HOLE) throw new EvalError("hole");
    if (entry === MISSING) throw new EvalError("invalid");
    return entry();
  }
  // The key a criterion of a table by two criteria takes: its band, or its input's variant
  // (`["band", set, dimension]`, `["variant", input]`).
  key(axis) {
    if (axis[0] === "band") {
      const band = this.bands[axis[1]];
      if (band === null) {
        if (axis[2] !== null && this.inputs[axis[2]] === null) throw new EvalError("missing_input");
        throw new EvalError("no_band");
      }
      return band;
    }
    const value = this.inputs[axis[1]];
    if (value === null) throw new EvalError("missing_input");
    if (value[0] !== "variant") throw new EvalError("invalid");
    return value[2];
  }
  // The cell of a table by two criteria (`cells` row by row).
  grid(rows, columns, width, cells) {
    const index = this.key(rows) * width + this.key(columns);
    return tableEntry(index < cells.length ? cells[index] : MISSING);
  }
  // The value of the rule that holds both inputs (each rule: two intervals, an entry).
  rules(inputs, rules) {
    const x = numberOf(this.input(inputs[0]));
    const y = numberOf(this.input(inputs[1]));
    for (const [first, second, entry] of rules) {
      if (inInterval(x, first) && inInterval(y, second)) return tableEntry(entry);
    }
    throw new EvalError("no_rule");
  }
}

function tableEntry(entry) {
  if (entry === HOLE) throw new EvalError("hole");
  if (entry === MISSING) throw new EvalError("invalid");
  return entry();
}

// Whether `value` is in `[low, lowClosed, high, highClosed]` (`high` null: no end).
function inInterval(value, [low, lowClosed, high, highClosed]) {
  let c = dcmp(value, low);
  if (c < 0 || (c === 0 && !lowClosed)) return false;
  if (high === null) return true;
  c = dcmp(value, high);
  return c < 0 || (c === 0 && highClosed);
}

// Every value of the version (or of `stage`, a base of the amendment) for these inputs, in
// dependency order.
function computeValues(inputs, bands, stage = null) {
  const definitions = stage === null ? VALUES : stage.values;
  const values = definitions.map(() => null);
  const env = new Env(inputs, bands, values);
  for (const index of (stage === null ? EVALUATION_ORDER : stage.evaluation_order)) {
    try {
      const result = definitions[index].compute(env);
      if (result[0] === "money" && dcmp([babs(result[1][0]), result[1][1]], MAX_AMOUNT) > 0) {
        throw new EvalError("overflow");
      }
      values[index] = ["ok", result];
    } catch (error) {
      if (!(error instanceof EvalError)) throw error;
      values[index] = ["err", error.kind];
    }
  }
  return values;
}

function invalid() {
  throw new EvalError("invalid");
}

function numberOf(value) {
  if (NUMERIC.includes(value[0])) return value[1];
  throw new EvalError("invalid");
}

function boolOf(value) {
  if (value[0] === "bool") return value[1];
  throw new EvalError("invalid");
}

const op_not = (value) => ["bool", !boolOf(value)];

function op_neg(value) {
  if (NUMERIC.includes(value[0])) return [value[0], dneg(value[1])];
  if (value[0] === "duration") return ["duration", dneg(value[1]), value[2]];
  throw new EvalError("invalid");
}

const op_and = (left, right) => (boolOf(left) ? ["bool", boolOf(right())] : ["bool", false]);
const op_or = (left, right) => (boolOf(left) ? ["bool", true] : ["bool", boolOf(right())]);
const op_if = (condition, then, otherwise) => (boolOf(condition) ? then() : otherwise());

function monthsOf(duration) {
  if (duration[2] === "years") return dmul(duration[1], [12n, 0]);
  if (duration[2] === "months") return duration[1];
  return null;
}

function sameUnit(a, b) {
  if (a[2] === b[2]) return [a[1], b[1], a[2]];
  const x = monthsOf(a);
  const y = monthsOf(b);
  if (x === null || y === null) throw new EvalError("mixed_durations");
  return [x, y, "months"];
}

function compare(left, right) {
  if (left[0] === "date" && right[0] === "date") return Math.sign(left[1] - right[1]);
  if (left[0] === "duration" && right[0] === "duration") {
    const [a, b] = sameUnit(left, right);
    return dcmp(a, b);
  }
  return dcmp(numberOf(left), numberOf(right));
}

function equal(left, right) {
  if (["bool", "text", "variant", "set"].includes(left[0]) && left[0] === right[0]) {
    if (left[0] === "set") {
      return left[1] === right[1] && left[2].size === right[2].size && [...left[2]].every((v) => right[2].has(v));
    }
    return left[1] === right[1] && left[2] === right[2];
  }
  return compare(left, right) === 0;
}

const ADD = { "money,money": "money", "count,count": "count", "rate,rate": "rate", "decimal,decimal": "decimal",
  "count,decimal": "decimal", "decimal,count": "decimal" };
const ARITHMETIC = {
  add: ADD,
  sub: ADD,
  mul: { "money,rate": "money", "money,count": "money", "money,decimal": "money", "rate,money": "money",
    "count,money": "money", "decimal,money": "money", "count,count": "count", "rate,rate": "rate",
    "rate,decimal": "rate", "decimal,rate": "rate", "rate,count": "decimal", "count,rate": "decimal",
    "count,decimal": "decimal", "decimal,count": "decimal", "decimal,decimal": "decimal" },
  div: { "money,money": "decimal", "money,count": "money", "money,decimal": "money", "count,count": "decimal",
    "count,decimal": "decimal", "decimal,count": "decimal", "decimal,decimal": "decimal", "rate,count": "rate",
    "rate,decimal": "rate", "rate,rate": "decimal" },
};

function binary(op, left, right) {
  if (op === "eq") return ["bool", equal(left, right)];
  if (op === "ne") return ["bool", !equal(left, right)];
  if (["lt", "le", "gt", "ge"].includes(op)) {
    const order = compare(left, right);
    return ["bool", { lt: order < 0, le: order <= 0, gt: order > 0, ge: order >= 0 }[op]];
  }
  if (op === "contains") {
    if (left[0] === "set" && right[0] === "set") return ["bool", [...right[2]].every((v) => left[2].has(v))];
    if (left[0] === "set" && right[0] === "variant") return ["bool", left[2].has(right[2])];
    throw new EvalError("invalid");
  }
  if (left[0] === "date" && right[0] === "duration") {
    if (op !== "add" && op !== "sub") throw new EvalError("invalid");
    const shifted = addDuration(left[1], op === "add" ? right[1] : dneg(right[1]), right[2]);
    if (shifted === null) {
      throw new EvalError(dateRefusal(left[1], op === "add" ? right[1] : dneg(right[1]), right[2]) === null ? "overflow" : "ambiguous_date");
    }
    return ["date", shifted];
  }
  if (left[0] === "duration" && right[0] === "duration") {
    const [a, b, unit] = sameUnit(left, right);
    if (op !== "add" && op !== "sub") throw new EvalError("invalid");
    return ["duration", op === "add" ? dadd(a, b) : dsub(a, b), unit];
  }
  if (op === "mul" && (left[0] === "duration" || right[0] === "duration")) {
    const [duration, factor] = left[0] === "duration" ? [left, right] : [right, left];
    return ["duration", dmul(duration[1], numberOf(factor)), duration[2]];
  }
  const result = ARITHMETIC[op][left[0] + "," + right[0]];
  if (result === undefined) throw new EvalError("invalid");
  const a = numberOf(left);
  const b = numberOf(right);
  const number = op === "add" ? dadd(a, b) : op === "sub" ? dsub(a, b) : op === "mul" ? dmul(a, b) : ddiv(a, b);
  return [result, number];
}

const between = (value, low, high) => ["bool", compare(value, low) >= 0 && compare(value, high) <= 0];

function call(fn, args) {
  if (fn === "min" || fn === "max") {
    if (!args.length) throw new EvalError("invalid");
    let best = args[0];
    for (const candidate of args.slice(1)) {
      const order = compare(candidate, best);
      if ((fn === "min" && order < 0) || (fn === "max" && order > 0)) best = candidate;
    }
    return best;
  }
  if (fn === "floor" || fn === "ceil" || fn === "round") {
    const mode = { floor: "floor", ceil: "ceil", round: "half" }[fn];
    if (!args.length) throw new EvalError("invalid");
    if (args[0][0] === "money") return ["money", dround(args[0][1], 0, mode)];
    return ["count", dround(numberOf(args[0]), 0, mode)];
  }
  if (fn === "round_cent" && args.length && args[0][0] === "money") return ["money", dround(args[0][1], 2, "half")];
  throw new EvalError("invalid");
}
