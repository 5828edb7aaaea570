// ---------------------------------------------------------------------------------------------
// The case: `entrees` and `contrat`, checked against the version. Every problem is reported,
// each naming its field, in the engine's words.
// ---------------------------------------------------------------------------------------------

// The case is refused: `errors` lists {champ, message}; nothing is computed.
export class CaseErrors extends Error {
  constructor(errors) {
    super(errors.map((e) => "`" + e.champ + "` : " + e.message).join("; "));
    this.errors = errors;
  }
}

class Refused extends Error {
  constructor(error) {
    super(error.message);
    this.error = error;
  }
}

const caseError = (field, message) => ({ champ: field, message });
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const has = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);

// The unrestricted Damerau-Levenshtein distance, on characters.
function damerauLevenshtein(a, b) {
  a = [...a];
  b = [...b];
  const lastRow = new Map();
  const big = a.length + b.length;
  const width = b.length + 2;
  const table = new Array((a.length + 2) * width).fill(big);
  for (let i = 0; i <= a.length; i += 1) {
    table[(i + 1) * width] = big;
    table[(i + 1) * width + 1] = i;
  }
  for (let j = 0; j <= b.length; j += 1) {
    table[j + 1] = big;
    table[width + j + 1] = j;
  }
  for (let i = 1; i <= a.length; i += 1) {
    let lastMatch = 0;
    for (let j = 1; j <= b.length; j += 1) {
      const k = lastRow.get(b[j - 1]) ?? 0;
      const l = lastMatch;
      let cost = 1;
      if (a[i - 1] === b[j - 1]) {
        cost = 0;
        lastMatch = j;
      }
      table[(i + 1) * width + j + 1] = Math.min(
        table[i * width + j] + cost,
        table[i * width + j + 1] + 1,
        table[(i + 1) * width + j] + 1,
        table[k * width + l] + (i - k - 1) + 1 + (j - l - 1),
      );
    }
    lastRow.set(a[i - 1], i);
  }
  return table[(a.length + 1) * width + b.length + 1];
}

// Orders strings by their code points, as the engine orders UTF-8 bytes.
function byCodePoints(x, y) {
  const a = [...x].map((c) => c.codePointAt(0));
  const b = [...y].map((c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function didYouMean(name, candidates) {
  const length = [...name].length;
  const limit = Math.max(Math.floor(length / 3), 2);
  const lowered = name.toLowerCase();
  let best = null;
  for (const candidate of candidates) {
    if (candidate === name || Math.abs([...candidate].length - length) > limit) continue;
    const distance = damerauLevenshtein(lowered, candidate.toLowerCase());
    if (distance <= limit && (best === null || distance < best[0] || (distance === best[0] && byCodePoints(candidate, best[1]) < 0))) {
      best = [distance, candidate];
    }
  }
  return best === null ? null : best[1];
}

function unknownField(field, name, known) {
  const suggestion = didYouMean(name, known);
  const hint = suggestion !== null ? " ; vouliez-vous dire `" + suggestion + "` ?" : known.length === 0 ? "" : " ; champs connus : " + known.join(", ");
  return caseError(field, "champ inconnu" + hint);
}

const sortedKeys = (obj) => Object.keys(obj).sort(byCodePoints);

function describe(value) {
  if (value === null) return "`null`";
  if (typeof value === "boolean") return value ? "`true`" : "`false`";
  if (typeof value === "number" || typeof value === "bigint") return "`" + String(value) + "`";
  if (typeof value === "string") return 'le texte "' + value + '"';
  if (Array.isArray(value)) return "une liste";
  return "un objet";
}

const caseNumber = (value) => (typeof value === "string" ? parseDecimal(value) : numberFromJson(value));

// The words for a JSON value not read as a number: `what` is expected, unless it is a number
// rust_decimal cannot hold exactly (a JSON number, or a text `unheld`).
function caseNumberRefused(value, what) {
  const number = typeof value === "number" || typeof value === "bigint";
  if (number || (typeof value === "string" && unheld(value))) return inexact(describe(value));
  return what + " est attendu, pas " + describe(value);
}

function inputValue(type, enumeration, value, field) {
  const refuse = (message) => new Refused(caseError(field, message));
  if (type === "count") {
    const n = caseNumber(value);
    if (n === null) throw refuse(caseNumberRefused(value, "un nombre entier"));
    if (!fractIsZero(n)) throw refuse("un nombre entier est attendu, pas " + dstr(n));
    if (n[0] < 0n) throw refuse("un nombre positif est attendu, pas " + dstr(n));
    return ["count", n];
  }
  if (type === "money" || type === "rate" || type === "decimal") {
    const n = caseNumber(value);
    const what = { money: "un montant", rate: "un taux (0 à 1)", decimal: "un nombre" }[type];
    if (n === null) throw refuse(caseNumberRefused(value, what));
    return [type, n];
  }
  if (type === "bool") {
    if (typeof value !== "boolean") throw refuse("`true` ou `false` est attendu, pas " + describe(value));
    return ["bool", value];
  }
  if (type === "text") {
    if (typeof value !== "string") throw refuse("un texte est attendu, pas " + describe(value));
    return ["text", value];
  }
  if (type === "date") {
    const day = typeof value === "string" ? parseDate(value) : null;
    if (day === null) throw refuse("une date AAAA-MM-JJ est attendue, pas " + describe(value));
    return ["date", day];
  }
  const enumName = enumeration === null ? "" : ENUMS[enumeration].name;
  if (type === "enum") {
    if (typeof value !== "string") throw refuse("une valeur de `" + enumName + "` est attendue, pas " + describe(value));
    return ["variant", enumeration, variantOf(enumeration, value, field)];
  }
  if (type === "set") {
    if (!Array.isArray(value)) throw refuse("une liste de valeurs de `" + enumName + "` est attendue, pas " + describe(value));
    const items = new Set();
    value.forEach((item, i) => {
      const itemField = field + "[" + i + "]";
      if (typeof item !== "string") throw new Refused(caseError(itemField, "un nom de `" + enumName + "` est attendu"));
      items.add(variantOf(enumeration, item, itemField));
    });
    return ["set", enumeration, items];
  }
  throw refuse("type d'entrée non pris en charge dans un cas");
}

function variantOf(enumeration, name, field) {
  const variants = ENUMS[enumeration].variants;
  if (variants.includes(name)) return variants.indexOf(name);
  const suggestion = didYouMean(name, variants);
  const hint = suggestion !== null ? "vouliez-vous dire `" + suggestion + "` ?" : "valeurs possibles : " + variants.join(", ");
  throw new Refused(caseError(field, "`" + name + "` n'est pas une valeur de `" + ENUMS[enumeration].name + "` ; " + hint));
}

// A contract year as a case or a batch header names it (`3`, `+3`): an integer from 1 to
// 2^32 - 1; null otherwise.
function contractYear(text) {
  const match = /^\+?([0-9]{1,10})$/.exec(text);
  const number = match ? Number(match[1]) : null;
  return number !== null && number >= 1 && number <= 4294967295 ? number : null;
}

const defaultMissions = () => MISSIONS.map((m) => ({ engaged: !m.optional, start: null, effective: null, achievement: new Map(), fallback: null }));

function dateField(obj, key, field, errors) {
  if (!has(obj, key)) return null;
  const value = obj[key];
  if (typeof value === "string") {
    const day = parseDate(value);
    if (day === null) errors.push(caseError(field, 'date invalide "' + value + '" : format AAAA-MM-JJ attendu'));
    return day;
  }
  if (value === null) return null;
  errors.push(caseError(field, "une date AAAA-MM-JJ est attendue, pas " + describe(value)));
  return null;
}

function achievementRate(value, field) {
  const rate = typeof value === "string" || typeof value === "number" ? caseNumber(value) : null;
  if (rate === null) throw new Refused(caseError(field, caseNumberRefused(value, "un taux d'atteinte entre 0 et 1")));
  return checkRate(rate, field);
}

function checkRate(rate, field) {
  if (rate[0] < 0n || dcmp(rate, ONE) > 0) throw new Refused(caseError(field, "le taux d'atteinte " + dstr(rate) + " sort de [0, 1]"));
  return rate;
}

function collect(errors, action) {
  try {
    action();
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    errors.push(error.error);
  }
}

// The case of a JSON object: inputs, missions, contract; throws CaseErrors.
function readCase(root) {
  if (!isObject(root)) throw new CaseErrors([caseError("(document)", "un objet JSON `{ … }` est attendu")]);
  const errors = [];
  const top = ["version", "accord", "entrees", "contrat"];
  for (const key of sortedKeys(root)) if (!top.includes(key)) errors.push(unknownField(key, key, top));
  const inputs = INPUTS.map(() => null);
  const names = INPUTS.map((i) => i.name);
  if (isObject(root.entrees)) {
    for (const name of sortedKeys(root.entrees)) {
      const field = "entrees." + name;
      const index = names.indexOf(name);
      if (index < 0) errors.push(unknownField(field, name, names));
      else collect(errors, () => { inputs[index] = inputValue(INPUTS[index].type, INPUTS[index].enum, root.entrees[name], field); });
    }
  } else if (has(root, "entrees")) {
    errors.push(caseError("entrees", 'un objet `{ "nom": valeur }` est attendu'));
  } else if (INPUTS.length) {
    errors.push(caseError("entrees", "champ manquant"));
  }
  if (isObject(root.entrees)) {
    // Every declared input is needed, as the engine says (evaluate::common::missing_inputs).
    INPUTS.forEach((declared, index) => {
      const field = "entrees." + declared.name;
      if (inputs[index] === null && !errors.some((e) => e.champ === field)) {
        errors.push(caseError(field, "champ manquant : la version déclare l'entrée `" + declared.name + "`"));
      }
    });
  }
  const missions = defaultMissions();
  let contract = null;
  if (isObject(root.contrat)) contract = readContract(root.contrat, missions, errors);
  else if (has(root, "contrat") && root.contrat !== null) errors.push(caseError("contrat", 'un objet `{ "signature": … }` est attendu'));
  if (errors.length) throw new CaseErrors(errors);
  return { inputs, missions, contract };
}

function readContract(obj, missions, errors) {
  const fields = ["signature", "lettre_intention", "missions", "crises", "jusqu_au"];
  for (const key of sortedKeys(obj)) if (!fields.includes(key)) errors.push(unknownField("contrat." + key, key, fields));
  let signature = null;
  if (!has(obj, "signature")) errors.push(caseError("contrat.signature", "champ manquant : la date de signature du contrat"));
  else signature = dateField(obj, "signature", "contrat.signature", errors);
  const letter = dateField(obj, "lettre_intention", "contrat.lettre_intention", errors);
  const names = MISSIONS.map((m) => m.name);
  const entries = has(obj, "missions") ? obj.missions : null;
  if (isObject(entries)) {
    for (const name of sortedKeys(entries)) {
      const field = "contrat.missions." + name;
      if (!names.includes(name)) errors.push(unknownField(field, name, names));
      else readMission(entries[name], field, missions[names.indexOf(name)], errors);
    }
  } else if (entries !== null) {
    errors.push(caseError("contrat.missions", 'un objet `{ "mission": { … } }` est attendu, pas ' + describe(entries)));
  }
  const crises = [];
  const items = has(obj, "crises") ? obj.crises : null;
  if (Array.isArray(items)) {
    items.forEach((item, i) => {
      const day = dateField({ d: item }, "d", "contrat.crises[" + i + "]", errors);
      if (day !== null) crises.push(day);
    });
  } else if (items !== null) {
    errors.push(caseError("contrat.crises", "une liste de dates est attendue, pas " + describe(items)));
  }
  let until = dateField(obj, "jusqu_au", "contrat.jusqu_au", errors);
  if (signature === null) return null;
  if (until === null) {
    const [end, refusal] = contractEnd(signature);
    if (refusal !== null) {
      errors.push(caseError("contrat.signature", refusal));
      return null;
    }
    until = end;
  }
  if (until === null) {
    errors.push(caseError("contrat.jusqu_au", "champ manquant : la version ne donne pas de durée de contrat"));
    return null;
  }
  const beforeSignature = (field, day) => {
    if (day < signature) errors.push(caseError(field, "le " + iso(day) + " précède la signature du " + iso(signature)));
  };
  beforeSignature("contrat.jusqu_au", until);
  missions.forEach((mission, index) => {
    const name = MISSIONS[index].name;
    if (mission.start !== null) beforeSignature("contrat.missions." + name + ".debut", mission.start);
    if (mission.effective !== null) beforeSignature("contrat.missions." + name + ".deploiement", mission.effective);
  });
  crises.forEach((crisis, i) => beforeSignature("contrat.crises[" + i + "]", crisis));
  const refused = datesRefused(signature, until, missions);
  if (refused.length) {
    for (const [field, message] of refused) errors.push(caseError(field, message));
    return null;
  }
  return { signature, letter, crises, until };
}

function readMission(entry, field, mission, errors) {
  mission.engaged = true;
  if (typeof entry === "boolean") {
    mission.engaged = entry;
    return;
  }
  if (!isObject(entry)) {
    errors.push(caseError(field, 'un objet `{ "debut": …, "atteinte": … }` est attendu, pas ' + describe(entry)));
    return;
  }
  const fields = ["debut", "deploiement", "atteinte"];
  for (const key of sortedKeys(entry)) if (!fields.includes(key)) errors.push(unknownField(field + "." + key, key, fields));
  mission.start = dateField(entry, "debut", field + ".debut", errors);
  mission.effective = dateField(entry, "deploiement", field + ".deploiement", errors);
  const years = has(entry, "atteinte") ? entry.atteinte : null;
  if (isObject(years)) {
    for (const year of sortedKeys(years)) {
      const yearField = field + ".atteinte." + year;
      const number = contractYear(year);
      if (number !== null) {
        collect(errors, () => { mission.achievement.set(number, achievementRate(years[year], yearField)); });
      } else {
        errors.push(caseError(yearField, "l'année du contrat est un entier à partir de 1"));
      }
    }
  } else if (years !== null) {
    collect(errors, () => { mission.fallback = achievementRate(years, field + ".atteinte"); });
  }
}
