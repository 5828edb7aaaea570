// ---------------------------------------------------------------------------------------------
// Exact decimals: [mantissa (BigInt), scale]. Each operation computes the exact result, then
// rounds it as the reference engine (rust_decimal) does: at most 28 decimals and a mantissa
// below 2**96, half to even. Never a binary float.
// ---------------------------------------------------------------------------------------------

const MAX96 = 1n << 96n;
const ZERO = [0n, 0];
const ONE = [1n, 0];
const HUNDRED = [100n, 0];
const pow10 = (n) => 10n ** BigInt(n);
const babs = (x) => (x < 0n ? -x : x);

export class EvalError extends Error {
  constructor(kind) {
    super(kind);
    this.kind = kind;
  }
}

function fit(m, s) {
  const a = babs(m);
  if (s <= 28 && a < MAX96) return [m, s];
  let r = s > 28 ? s - 28 : 0;
  let q, rem;
  for (;;) {
    q = a / pow10(r);
    rem = a % pow10(r);
    if (q < MAX96) break;
    r += 1;
  }
  const half = pow10(r);
  if (2n * rem > half || (2n * rem === half && (q & 1n) === 1n)) q += 1n;
  if (q >= MAX96) {
    const digit = q % 10n;
    q /= 10n;
    if (digit > 5n || (digit === 5n && (q & 1n) === 1n)) q += 1n;
    r += 1;
  }
  if (s - r < 0) throw new EvalError("overflow");
  return [m < 0n ? -q : q, s - r];
}

function dadd(a, b) {
  if (a[0] === 0n) return b;
  if (b[0] === 0n) return a;
  const s = Math.max(a[1], b[1]);
  return fit(a[0] * pow10(s - a[1]) + b[0] * pow10(s - b[1]), s);
}
const dneg = (a) => [-a[0], a[1]];
const dsub = (a, b) => dadd(a, dneg(b));

function dmul(a, b) {
  if (a[0] === 0n || b[0] === 0n) return ZERO;
  return fit(a[0] * b[0], a[1] + b[1]);
}

function ddiv(a, b) {
  if (b[0] === 0n) throw new EvalError("division_by_zero");
  if (a[0] === 0n) return ZERO;
  const negative = (a[0] < 0n) !== (b[0] < 0n);
  const num = babs(a[0]) * pow10(b[1]);
  const den = babs(b[0]) * pow10(a[1]);
  let t = 28;
  let q = (num * pow10(t)) / den;
  let rem = (num * pow10(t)) % den;
  while (q >= MAX96) {
    t -= 1;
    if (t < 0) throw new EvalError("overflow");
    q = (num * pow10(t)) / den;
    rem = (num * pow10(t)) % den;
  }
  if (2n * rem > den || (2n * rem === den && (q & 1n) === 1n)) {
    q += 1n;
    if (q >= MAX96) {
      const digit = q % 10n;
      q /= 10n;
      if (digit > 5n || (digit === 5n && (q & 1n) === 1n)) q += 1n;
      t -= 1;
    }
  }
  while (t > 0 && q % 10n === 0n) {
    q /= 10n;
    t -= 1;
  }
  return [negative ? -q : q, t];
}

function dcmp(a, b) {
  const s = Math.max(a[1], b[1]);
  const x = a[0] * pow10(s - a[1]);
  const y = b[0] * pow10(s - b[1]);
  return x > y ? 1 : x < y ? -1 : 0;
}

// Rounds to `dp` decimals: mode "half" (half away from zero), "floor" or "ceil".
function dround(a, dp, mode) {
  const [m, s] = a;
  if (s <= dp) return a;
  const p = pow10(s - dp);
  let q = babs(m) / p;
  const rem = babs(m) % p;
  if (mode === "half") {
    if (2n * rem >= p) q += 1n;
  } else if (mode === "floor") {
    if (m < 0n && rem !== 0n) q += 1n;
  } else if (m > 0n && rem !== 0n) {
    q += 1n;
  }
  return [m < 0n ? -q : q, dp];
}

const toCent = (a) => dround(a, 2, "half");

function dnormalize(a) {
  let [m, s] = a;
  while (s > 0 && m % 10n === 0n) {
    m /= 10n;
    s -= 1;
  }
  return [m, s];
}

// The decimal as the engine prints it: its own scale, a dot.
function dstr(a) {
  const [m, s] = a;
  const digits = babs(m).toString().padStart(s + 1, "0");
  const text = s === 0 ? digits : digits.slice(0, digits.length - s) + "." + digits.slice(digits.length - s);
  return m < 0n ? "-" + text : text;
}

// `12`, `-0.5`, `+3.`, `.25`, `1_000`: the engine's decimal syntax, rounded as rust_decimal
// reads it (a literal of the generated code); null otherwise.
function parsePlainDecimal(text) {
  const exact = writtenDecimal(text);
  if (exact === null) return null;
  const [m, s] = exact;
  if (s > 28 || babs(m) >= MAX96) {
    if (s > 60) return null;
    try {
      return fit(m, s);
    } catch (error) {
      return null;
    }
  }
  return exact;
}

// Whether rust_decimal holds the written [mantissa, scale] without rounding it: once the zeros
// that only pad are dropped, at most 28 decimals and a mantissa below 2^96.
function heldExactly([m, s]) {
  while (s > 0 && m % 10n === 0n) {
    m /= 10n;
    s -= 1;
  }
  return s <= 28 && babs(m) < MAX96;
}

// The exact [mantissa, scale] written in the engine's decimal syntax; null otherwise.
function writtenDecimal(text) {
  let body = text;
  let negative = false;
  if (body[0] === "+" || body[0] === "-") {
    negative = body[0] === "-";
    body = body.slice(1);
  }
  if (!body || body[0] === "_") return null;
  const dot = body.indexOf(".");
  const whole = dot < 0 ? body : body.slice(0, dot);
  const fraction = dot < 0 ? "" : body.slice(dot + 1);
  if (fraction.includes(".")) return null;
  if (!/^[0-9_]*$/.test(whole + fraction)) return null;
  const digits = (whole + fraction).replaceAll("_", "");
  if (!digits) return null;
  const m = BigInt(digits);
  const s = fraction.replaceAll("_", "").length;
  return [negative ? -m : m, s];
}

export const dec = (text) => parsePlainDecimal(text);

// A decimal written with a dot or a French comma, spaces as thousands separators. null for one
// rust_decimal would round (more digits than it keeps, or past 28 decimals): an input is exact
// or refused, as in `clause eval`. Zeros that only pad are accepted, at its scale.
function parseDecimal(text) {
  const cleaned = [...text.trim()].filter((c) => c !== " " && c !== "\u00a0" && c !== "\u202f").join("");
  const exact = writtenDecimal(cleaned.replaceAll(",", "."));
  return exact === null || !heldExactly(exact) ? null : fit(...exact);
}

// The refusal of a number written exactly but that rust_decimal would round or cannot hold: the
// same words as `clause eval` (compiler/src/evaluate/cells.rs, `inexact_number`).
const inexact = (shown) =>
  "un nombre tenu exactement est attendu, pas " + shown +
  " : au plus 28 décimales hors zéros de fin, et moins de 2^96 ≈ 7,9 × 10^28 sans la virgule";

// Whether a text is written as a decimal that parseDecimal refuses: one rust_decimal cannot
// hold exactly, refused with `inexact` rather than the words for a text.
function unheld(text) {
  const cleaned = [...text.trim()].filter((c) => c !== " " && c !== "\u00a0" && c !== "\u202f").join("");
  return writtenDecimal(cleaned.replaceAll(",", ".")) !== null && parseDecimal(text) === null;
}

// The words for a CSV cell not read as a number: `what` is expected, unless it is unheld.
const numberRefused = (text, what) =>
  unheld(text) ? inexact("`" + text + "`") : what + " est attendu, pas `" + text + "`";

function parseScientific(text) {
  const [mantissa, exponent] = text.toLowerCase().split("e");
  const base = writtenDecimal(mantissa);
  if (base === null) return null;
  let [m, s] = base;
  s -= exponent ? Number(exponent) : 0;
  if (s < 0) {
    m *= pow10(-s);
    s = 0;
  }
  // rust_decimal refuses an exponent that would take it past 28 decimals: never rounded.
  if (!heldExactly([m, s])) return null;
  try {
    return fit(m, s);
  } catch (error) {
    return null;
  }
}

// A JSON number read by its shortest decimal spelling: 0.8 is 8/10 in every engine.
function numberFromJson(value) {
  if (typeof value === "bigint") return babs(value) < MAX96 ? [value, 0] : null;
  if (typeof value !== "number" || !Number.isFinite(value)) return null;
  return parseScientific(String(value));
}

const fractIsZero = (a) => babs(a[0]) % pow10(a[1]) === 0n;

// ---------------------------------------------------------------------------------------------
// Formatting, exactly as the engine writes amounts, numbers and dates.
// ---------------------------------------------------------------------------------------------

function euros(a) {
  let [m, s] = a;
  while (s > 2 && m % 10n === 0n) {
    m /= 10n;
    s -= 1;
  }
  while (s < 2) {
    m *= 10n;
    s += 1;
  }
  return dstr([m, s]);
}

function frenchNumber(a, grouping = " ") {
  const [m, s] = dnormalize(a);
  const text = dstr([babs(m), s]);
  const dot = text.indexOf(".");
  let integer = dot < 0 ? text : text.slice(0, dot);
  const fraction = dot < 0 ? "" : text.slice(dot + 1);
  const groups = [];
  while (integer.length > 3) {
    groups.unshift(integer.slice(-3));
    integer = integer.slice(0, -3);
  }
  groups.unshift(integer);
  return (m < 0n ? "-" : "") + groups.join(grouping) + (fraction ? "," + fraction : "");
}

function frenchMoney(a, grouping = " ") {
  const n = dnormalize(a);
  if (n[1] === 0) return frenchNumber(n, grouping) + " €";
  const cents = n[1] >= 2 ? n : [n[0] * pow10(2 - n[1]), 2];
  let text = frenchNumber(cents, grouping);
  const comma = text.indexOf(",");
  const fraction = comma < 0 ? "" : text.slice(comma + 1);
  if (fraction.length < 2) text = (comma < 0 ? text : text.slice(0, comma)) + "," + fraction.padEnd(2, "0");
  return text + " €";
}

const MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
  "octobre", "novembre", "décembre"];

function frenchDate(day) {
  const [y, m, d] = civil(day);
  return `${d === 1 ? "1er" : d} ${MONTHS[m - 1]} ${y}`;
}

function iso(day) {
  const [y, m, d] = civil(day);
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function frenchDuration(amount, unit) {
  const plural = dcmp(amount, ONE) > 0;
  const word = { days: plural ? "jours" : "jour", months: "mois", years: plural ? "ans" : "an" }[unit];
  return frenchNumber(amount) + " " + word;
}

// A value as a legal team reads it (`50 000 €`, `75 %`, `2019-06-20`).
function display(value) {
  switch (value[0]) {
    case "money": return frenchMoney(value[1]);
    case "count": case "decimal": return frenchNumber(value[1]);
    case "rate": return frenchNumber(dmul(value[1], HUNDRED)) + " %";
    case "duration": return frenchDuration(value[1], value[2]);
    case "date": return iso(value[1]);
    case "bool": return value[1] ? "vrai" : "faux";
    case "text": return "« " + value[1] + " »";
    case "variant": return ENUMS[value[1]].variants[value[2]];
    default: return "{" + [...value[2]].sort((x, y) => x - y).map((v) => ENUMS[value[1]].variants[v]).join(", ") + "}";
  }
}

// ---------------------------------------------------------------------------------------------
// Dates as day numbers (1 = 0001-01-01), no time zone. Month arithmetic clamps to the month's
// end (2019-08-31 + 6 mois = 2020-02-29); years 1 to 9999.
// ---------------------------------------------------------------------------------------------

const leap = (y) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysInMonth = (y, m) => (m === 2 ? (leap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

function daysBeforeYear(y) {
  const p = y - 1;
  return p * 365 + Math.floor(p / 4) - Math.floor(p / 100) + Math.floor(p / 400);
}

export function ymd(y, m, d) {
  let days = daysBeforeYear(y) + d;
  for (let month = 1; month < m; month += 1) days += daysInMonth(y, month);
  return days;
}

function civil(day) {
  let y = Math.floor((day - 1) / 365.2425) + 1;
  while (daysBeforeYear(y) >= day) y -= 1;
  while (daysBeforeYear(y + 1) < day) y += 1;
  let rest = day - daysBeforeYear(y);
  let m = 1;
  while (rest > daysInMonth(y, m)) {
    rest -= daysInMonth(y, m);
    m += 1;
  }
  return [y, m, rest];
}

const MAX_DAY = ymd(9999, 12, 31);

// Month arithmetic follows the version's `dates ambiguës` policy (DATE_POLICY): "end" clamps to
// the month's end (2019-08-31 + 6 mois = 2020-02-29), "next" moves to the 1st of the next month
// (2012-01-31 + 1 mois = 2012-03-01), "refuse" gives no date (`dateRefusal` names it).
const whole = (amount) => Number(amount[0] / pow10(amount[1]));

// [year, month] that day + amount months or years reaches; null outside 1..9999.
function monthReached(day, amount, unit) {
  const n = whole(amount);
  const [y, m] = civil(day);
  const index = y * 12 + (m - 1) + (unit === "years" ? n * 12 : n);
  const year = Math.floor(index / 12);
  if (year < 1 || year > 9999) return null;
  return [year, index - year * 12 + 1];
}

function shift(day, amount, unit, policy) {
  if (!fractIsZero(amount)) return null;
  if (unit === "days") {
    const shifted = day + whole(amount);
    return shifted < 1 || shifted > MAX_DAY ? null : shifted;
  }
  const reached = monthReached(day, amount, unit);
  if (reached === null) return null;
  const [year, month] = reached;
  const d = civil(day)[2];
  const last = daysInMonth(year, month);
  if (d <= last) return ymd(year, month, d);
  if (policy === "next") return ymd(year, month, last) + 1;
  if (policy === "refuse") return null;
  return ymd(year, month, last);
}

// The date shifted by a whole number of days, months or years under the version's policy; null
// outside 1..9999 or, under `erreur`, on a day that does not exist.
const addDuration = (day, amount, unit) => shift(day, amount, unit, DATE_POLICY);

// Under `dates ambiguës : erreur`, the sentence naming `day + amount unit` when that day does not
// exist, worded as the engine words it; null otherwise.
function dateRefusal(day, amount, unit) {
  if (DATE_POLICY !== "refuse" || unit === "days" || !fractIsZero(amount)) return null;
  const reached = monthReached(day, amount, unit);
  const d = civil(day)[2];
  if (reached === null || d <= daysInMonth(reached[0], reached[1])) return null;
  const n = whole(amount);
  const period = unit === "months" ? `${n} mois` : `${n} ${Math.abs(n) === 1 ? "an" : "ans"}`;
  return `date ambiguë : ${iso(day)} + ${period} tombe le ${d} ${MONTHS[reached[1] - 1]} ${reached[0]}, qui n'existe pas `
    + "(la version déclare « dates ambiguës : erreur »)";
}

// [end, refusal]: the signature plus the contract's duration (end null without one or outside
// the calendar); refusal names an end that does not exist under `erreur`.
function contractEnd(signature) {
  if (CONTRACT_DURATION === null) return [null, null];
  const refusal = dateRefusal(signature, CONTRACT_DURATION[0], CONTRACT_DURATION[1]);
  if (refusal !== null) return [null, "fin du contrat : " + refusal];
  return [addDuration(signature, CONTRACT_DURATION[0], CONTRACT_DURATION[1]), null];
}

// Under `erreur`, each date the evaluation of this contract needs that does not exist, as
// [field, message], in the engine's order: the anniversaries up to the contract's end, then each
// engaged mission's deadlines (evaluate/dates.rs).
function datesRefused(signature, until, missions) {
  const out = [];
  if (DATE_POLICY !== "refuse") return out;
  for (let year = 1; year <= 200; year += 1) {
    const refusal = dateRefusal(signature, [BigInt(year), 0], "years");
    if (refusal !== null) out.push(["contrat.signature", `anniversaire ${year} du contrat : ${refusal}`]);
    const reached = shift(signature, [BigInt(year), 0], "years", "end");
    if (reached === null || reached >= until) break;
  }
  MISSIONS.forEach((spec, index) => {
    const state = missions[index];
    if (!state.engaged) return;
    let countedFrom = signature;
    if (spec.added !== null) {
      const [, effect, before] = spec.added;
      if (before !== null && !(signature < before)) return;
      if (effect !== null && effect > countedFrom) countedFrom = effect;
    }
    for (const [nature, rule] of [["démarrage", spec.start], ["déploiement", spec.effective]]) {
      if (rule === null || rule[0] !== "after") continue;
      const [, amount, unit, event] = rule;
      const [origin, field] = event === "signature"
        ? [countedFrom, "contrat.signature"]
        : [state.start, "contrat.missions." + spec.name + ".debut"];
      const refusal = origin === null ? null : dateRefusal(origin, amount, unit);
      if (refusal !== null) out.push([field, `échéance de ${nature} de la mission \`${spec.name}\` : ${refusal}`]);
    }
  });
  return out;
}

const anniversary = (signature, n) => addDuration(signature, [BigInt(n), 0], "years");

// `AAAA-MM-JJ`; null when it is no date of the calendar.
function parseDate(text) {
  const match = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$/.exec(text.trim());
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return ymd(y, m, d);
}
