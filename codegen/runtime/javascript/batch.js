// ---------------------------------------------------------------------------------------------
// Batches: the CSV of `clause eval --cases`, byte for byte. Each input line is copied as
// written, then `version`, `tranche`, `financement_annee_pleine` and, when rows have a
// signature, the totals of each contract year. A row in error is not written; its errors are
// returned. `evaluateRows` works on text (Node and browsers); `evaluateCsv` reads and writes
// files (Node 20.16 or later: `process.getBuiltinModule`, no import at run time).
// ---------------------------------------------------------------------------------------------

const SEPARATORS = [",", ";", "\t"];
const stripBom = (text) => text.replace(/^\uFEFF+/, "");

// The separator of the header line (the first line not starting with `#`): the most frequent of
// `,`, `;` and tab outside quotes, a comma when there is none, as `clause eval`.
function detectSeparator(text) {
  const header = text.split("\n").find((line) => !stripBom(line).startsWith("#")) ?? "";
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const c of header) {
    if (c === '"') quoted = !quoted;
    else if (c in counts && !quoted) counts[c] += 1;
  }
  let best = ",";
  for (const c of SEPARATORS) if (counts[c] > counts[best]) best = c;
  return counts[best] ? best : ",";
}

// [first line number, raw text, fields] for each record; the header is line 1.
function* records(text, separator = ",") {
  let position = 0;
  let line = 1;
  const length = text.length;
  while (position < length) {
    const start = position;
    const startLine = line;
    const fields = [];
    let field = [];
    let quoted = false;
    let atFieldStart = true;
    while (position < length) {
      const c = text[position];
      if (quoted) {
        if (c === '"') {
          if (position + 1 < length && text[position + 1] === '"') {
            field.push('"');
            position += 1;
          } else quoted = false;
        } else {
          if (c === "\n") line += 1;
          field.push(c);
        }
      } else if (c === '"' && atFieldStart) {
        quoted = true;
      } else if (c === separator) {
        fields.push(field.join(""));
        field = [];
        atFieldStart = true;
        position += 1;
        continue;
      } else if (c === "\n") {
        break;
      } else {
        field.push(c);
      }
      atFieldStart = false;
      position += 1;
    }
    let raw = text.slice(start, position);
    if (position < length) {
      position += 1;
      line += 1;
    }
    if (raw.endsWith("\r")) {
      raw = raw.slice(0, -1);
      if (field.length && field[field.length - 1] === "\r") field.pop();
    }
    fields.push(field.join(""));
    yield [startLine, raw, fields];
  }
}

const csvField = (text, separator = ",") => ([...(separator + '"\n\r')].some((c) => text.includes(c)) ? '"' + text.replaceAll('"', '""') + '"' : text);

function parseBoolText(text) {
  const value = text.trim();
  if (["true", "vrai", "1", "oui"].includes(value)) return true;
  if (["false", "faux", "0", "non", ""].includes(value)) return false;
  return null;
}

function parseCount(text) {
  const value = parseDecimal(text.trim());
  return value === null || !fractIsZero(value) || value[0] < 0n ? null : value;
}

// The typed value of a CSV field; throws Refused with the message.
// A variant named in a CSV field: its index, else the batch's refusal (no suggestion).
function csvVariant(enumeration, name) {
  const variants = ENUMS[enumeration].variants;
  if (variants.includes(name)) return variants.indexOf(name);
  throw new Refused(caseError("", "`" + name + "` n'est pas une valeur de `" + ENUMS[enumeration].name + "` ; valeurs possibles : " + variants.join(", ")));
}

function csvInput(type, text, enumeration) {
  if (!text.trim()) return null;
  if (type === "count") {
    const n = parseCount(text);
    if (n === null) throw new Refused(caseError("", numberRefused(text, "un nombre entier positif")));
    return ["count", n];
  }
  if (["money", "rate", "decimal"].includes(type)) {
    const n = parseDecimal(text);
    if (n === null) throw new Refused(caseError("", numberRefused(text, { money: "un montant", rate: "un taux", decimal: "un nombre" }[type])));
    return [type, n];
  }
  if (type === "bool") {
    const b = parseBoolText(text);
    if (b === null) throw new Refused(caseError("", "`true` ou `false` est attendu, pas `" + text + "`"));
    return ["bool", b];
  }
  if (type === "date") {
    const d = parseDate(text);
    if (d === null) throw new Refused(caseError("", "date invalide `" + text + "`"));
    return ["date", d];
  }
  if (type === "text") return ["text", text];
  // A variant by its name; a set as its names separated by `|`.
  if (type === "enum") return ["variant", enumeration, csvVariant(enumeration, text.trim())];
  if (type === "set") return ["set", enumeration, new Set(text.trim().split("|").map((item) => csvVariant(enumeration, item.trim())))];
  throw new Refused(caseError("", "type d'entrée non pris en charge en CSV"));
}

const dimensionOf = () => (BAND_SET === null ? null : BAND_SETS[BAND_SET].dimension);
const optionalMissions = () => MISSIONS.flatMap((m, i) => (m.optional ? [i] : []));

// Resolves the header once: what each column is.
// The separators of a list in one cell (`crises`): whitespace as Rust's `char::is_whitespace`
// knows it, `|`, `,` and `;` (compiler/src/evaluate/cells.rs).
const LIST_SEPARATORS = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000|,;]/;

function plan(headers) {
  const inputs = INPUTS.map((i) => i.name);
  const missions = MISSIONS.map((m) => m.name);
  const columns = [];
  const errors = [];
  for (const header of headers) {
    if (inputs.includes(header)) columns.push(["input", inputs.indexOf(header)]);
    else if (["taux_atteinte.", "debut.", "deploiement."].some((prefix) => header.startsWith(prefix))) {
      const dot = header.indexOf(".");
      const kind = { taux_atteinte: "rate_of", debut: "start", deploiement: "effective" }[header.slice(0, dot)];
      let mission = header.slice(dot + 1);
      let year = null;
      if (kind === "rate_of" && !missions.includes(mission) && mission.includes(".")) {
        // `taux_atteinte.<mission>.<année>`: one mission's achievement in one year.
        const last = mission.lastIndexOf(".");
        year = mission.slice(last + 1);
        mission = mission.slice(0, last);
      }
      if (!missions.includes(mission)) {
        errors.push(caseError(header, "mission inconnue `" + mission + "`"));
        columns.push(["other"]);
      } else if (year === null) columns.push([kind, missions.indexOf(mission)]);
      else if (contractYear(year) === null) {
        errors.push(caseError(header, "`" + year + "` : l'année du contrat est un entier à partir de 1"));
        columns.push(["other"]);
      } else columns.push(["rate_in", missions.indexOf(mission), contractYear(year)]);
    } else if (["signature", "jusqu_au", "lettre_intention", "taux_atteinte", "crises"].includes(header)) columns.push([header]);
    else if (missions.includes(header)) columns.push(["engaged", missions.indexOf(header)]);
    else columns.push(["other"]);
  }
  const dimension = dimensionOf();
  if (dimension !== null && !columns.some((c) => c[0] === "input" && c[1] === dimension)) {
    const name = INPUTS[dimension].name;
    errors.push(caseError("(en-tête)", "colonne `" + name + "` manquante : elle choisit la tranche (ou renommez une colonne avec --renomme COLONNE=" + name + ")"));
  }
  if (errors.length) throw new CaseErrors(errors);
  const signed = columns.some((c) => c[0] === "signature");
  let years = 0;
  if (signed && CONTRACT_DURATION !== null && CONTRACT_DURATION[1] !== "days") {
    const amount = CONTRACT_DURATION[1] === "years" ? CONTRACT_DURATION[0] : ddiv(CONTRACT_DURATION[0], [12n, 0]);
    years = Number(dround(amount, 0, "ceil")[0]);
  }
  const fast = !signed && !NEEDS_INPUTS && !columns.some((c) => c[0] === "rate_of" || c[0] === "rate_in" || c[0] === "start")
    && columns.every((c) => c[0] !== "input" || c[1] === dimension);
  return { columns, headers, years, fast };
}

const ANNUAL_SUMS = new Map();

function annualSums(band, mask) {
  const key = band + "," + mask;
  if (!ANNUAL_SUMS.has(key)) {
    let fixed = ZERO;
    let variable = ZERO;
    let incomplete = false;
    const optional = optionalMissions();
    for (const line of LINES) {
      if (!isAnnual(line)) continue;
      if (optional.includes(line.mission) && !(mask & (1 << optional.indexOf(line.mission)))) continue;
      const amount = amountOf(STATIC[band], line.value);
      if (amount === null) {
        incomplete = true;
        continue;
      }
      const [f, v] = split(amount, line);
      fixed = dadd(fixed, f);
      variable = dadd(variable, v);
    }
    ANNUAL_SUMS.set(key, [fixed, variable, incomplete]);
  }
  return ANNUAL_SUMS.get(key);
}

function bandIncomplete(band) {
  const masks = 1 << optionalMissions().length;
  for (let mask = 0; mask < masks; mask += 1) if (annualSums(band, mask)[2]) return true;
  return false;
}

function fastRow(p, fields) {
  const errors = [];
  let band = null;
  let achievement = ZERO;
  let mask = 0;
  const optional = optionalMissions();
  const dimension = dimensionOf();
  p.columns.forEach((column, index) => {
    const text = fields[index];
    const header = p.headers[index];
    if (column[0] === "input" && column[1] === dimension) {
      const n = parseCount(text);
      if (n === null || n[0] >= 1n << 64n) {
        errors.push(caseError(header, numberRefused(text, "un nombre entier positif")));
        return;
      }
      band = bandsOf(INPUTS.map((_, i) => (i === dimension ? ["count", n] : null)))[BAND_SET];
      if (band === null) errors.push(caseError(header, dstr(dround(n, 0, "floor")) + " n'est dans aucune tranche"));
    } else if (column[0] === "engaged") {
      const flag = parseBoolText(text);
      if (flag === null) errors.push(caseError(header, "`true` ou `false` est attendu, pas `" + text + "`"));
      else if (flag && optional.includes(column[1])) mask |= 1 << optional.indexOf(column[1]);
    } else if (column[0] === "taux_atteinte") {
      const rate = parseDecimal(text);
      if (rate === null) {
        errors.push(caseError(header, numberRefused(text, "un taux d'atteinte entre 0 et 1")));
        return;
      }
      try {
        achievement = checkRate(rate, header);
      } catch (refused) {
        if (!(refused instanceof Refused)) throw refused;
        errors.push(refused.error);
      }
    }
  });
  if (errors.length) throw new CaseErrors(errors);
  let total = null;
  if (band !== null && LINES.some(isAnnual) && !bandIncomplete(band)) {
    const [fixed, variable] = annualSums(band, mask);
    total = dadd(fixed, dmul(variable, achievement));
  }
  return [band, total, []];
}

function slowRow(p, fields) {
  const errors = [];
  const inputs = INPUTS.map(() => null);
  const missions = defaultMissions();
  let signature = null;
  let until = null;
  let letter = null;
  let defaultRate = null;
  const crises = [];
  const dateOf = (index, text) => {
    if (!text.trim()) return null;
    const parsed = parseDate(text);
    if (parsed === null) errors.push(caseError(p.headers[index], "date invalide `" + text + "` : format AAAA-MM-JJ attendu"));
    return parsed;
  };
  p.columns.forEach((column, index) => {
    const text = fields[index];
    const header = p.headers[index];
    const kind = column[0];
    if (kind === "input") {
      try {
        inputs[column[1]] = csvInput(INPUTS[column[1]].type, text, INPUTS[column[1]].enum);
        // An empty cell is a missing input, as the engine says (issue 13).
        if (inputs[column[1]] === null) errors.push(caseError(header, "champ manquant : la version déclare l'entrée `" + INPUTS[column[1]].name + "`"));
      } catch (refused) {
        if (!(refused instanceof Refused)) throw refused;
        errors.push(caseError(header, refused.error.message));
      }
    } else if (kind === "signature") signature = dateOf(index, text);
    else if (kind === "jusqu_au") until = dateOf(index, text);
    else if (kind === "lettre_intention") letter = dateOf(index, text);
    else if (kind === "start") missions[column[1]].start = dateOf(index, text);
    else if (kind === "effective") missions[column[1]].effective = dateOf(index, text);
    else if (kind === "crises") {
      for (const item of text.split(LIST_SEPARATORS)) {
        const crisis = item === "" ? null : dateOf(index, item);
        if (crisis !== null) crises.push(crisis);
      }
    }
    else if (kind === "engaged") {
      const flag = parseBoolText(text);
      if (flag === null) errors.push(caseError(header, "`true` ou `false` est attendu, pas `" + text + "`"));
      else missions[column[1]].engaged = flag;
    } else if (kind === "taux_atteinte" || kind === "rate_of" || kind === "rate_in") {
      if (!text.trim()) return;
      let rate = parseDecimal(text);
      if (rate === null) {
        errors.push(caseError(header, numberRefused(text, "un taux d'atteinte entre 0 et 1")));
        return;
      }
      try {
        rate = checkRate(rate, header);
      } catch (refused) {
        if (!(refused instanceof Refused)) throw refused;
        errors.push(refused.error);
        return;
      }
      if (kind === "rate_of") missions[column[1]].fallback = rate;
      else if (kind === "rate_in") missions[column[1]].achievement.set(column[2], rate);
      else defaultRate = rate;
    }
  });
  if (defaultRate !== null) for (const mission of missions) if (mission.fallback === null) mission.fallback = defaultRate;
  let contract = null;
  if (signature !== null) {
    let refusal = null;
    if (until === null) [until, refusal] = contractEnd(signature);
    if (refusal !== null) errors.push(caseError("signature", refusal));
    else if (until === null) errors.push(caseError("jusqu_au", "date de fin manquante : la version ne donne pas de durée de contrat"));
    else if (until < signature) errors.push(caseError("jusqu_au", "le " + iso(until) + " précède la signature du " + iso(signature)));
    else {
      // As in a case file: no deployment or crisis before the signature.
      const before = (field, day) => caseError(field, "le " + iso(day) + " précède la signature du " + iso(signature));
      missions.forEach((mission, index) => {
        if (mission.effective !== null && mission.effective < signature) errors.push(before("deploiement." + MISSIONS[index].name, mission.effective));
      });
      for (const crisis of crises) if (crisis < signature) errors.push(before("crises", crisis));
      for (const [field, message] of datesRefused(signature, until, missions)) errors.push(caseError(field.slice("contrat.".length), message));
      contract = { signature, letter, crises, until };
    }
  }
  if (errors.length) throw new CaseErrors(errors);
  const c = { inputs, missions, contract };
  const [, total, yearAmounts] = evaluateFull(c);
  const years = contract !== null ? Array.from({ length: p.years }, () => ZERO) : [];
  for (const [year, amount] of yearAmounts) if (year >= 1 && year <= years.length) years[year - 1] = amount;
  const band = BAND_SET === null ? null : bandsOf(inputs)[BAND_SET];
  return [band, total, years];
}

// Evaluates the text of a batch CSV: { output, count, errors } (errors: {ligne, colonne,
// message} of the rows left out). A refused header throws CaseErrors (`headerLine` its line).
export function evaluateRows(text) {
  const separator = detectSeparator(text);
  const reader = records(text, separator);
  let header = reader.next().value;
  // `#` lines before the header are comments (a population's assumptions), as in `clause eval`.
  while (header !== undefined && stripBom(header[1]).startsWith("#")) header = reader.next().value;
  if (header === undefined) throw new CaseErrors([caseError("(document)", "fichier vide : une ligne d'en-tête est attendue")]);
  const headers = header[2].map((h) => stripBom(h.trim()));
  let p;
  try {
    p = plan(headers);
  } catch (refused) {
    if (refused instanceof CaseErrors) refused.headerLine = header[0];
    throw refused;
  }
  const out = [headers.map((h) => csvField(h, separator)).join(separator)
    + ["version", "tranche", "financement_annee_pleine"].map((c) => separator + c).join("")
    + Array.from({ length: p.years }, (_, i) => separator + "annee_" + (i + 1)).join("") + "\n"];
  let count = 0;
  const errors = [];
  for (const [line, raw, fields] of reader) {
    if (fields.length === 1 && fields[0] === "") continue;
    let row;
    try {
      if (fields.length !== p.columns.length) throw new CaseErrors([caseError("(ligne)", fields.length + " champs pour " + p.columns.length + " colonnes")]);
      row = (p.fast ? fastRow : slowRow)(p, fields);
    } catch (refused) {
      if (!(refused instanceof CaseErrors)) throw refused;
      for (const e of refused.errors) errors.push({ ligne: line, colonne: e.champ, message: e.message });
      continue;
    }
    const [band, total, years] = row;
    const cells = [raw, VERSION, band !== null ? BAND_SETS[BAND_SET].bands[band].name : "", total !== null ? euros(total) : ""];
    for (let i = 0; i < p.years; i += 1) cells.push(i < years.length ? euros(years[i]) : "");
    out.push(cells.join(separator) + "\n");
    count += 1;
  }
  return { output: out.join(""), count, errors };
}

// `clause eval VERSION --cases IN --out OUT` in Node: writes OUT, returns { count, errors }. As
// `clause eval`, nothing is written when the header is refused (CaseErrors), and the output
// replaces the file at once (written beside it, then renamed).
export function evaluateCsv(inPath, outPath) {
  const fs = globalThis.process?.getBuiltinModule?.("node:fs");
  if (!fs) throw new Error("evaluateCsv lit et écrit des fichiers : Node 20.16 ou plus (ailleurs, evaluateRows sur le texte)");
  const text = fs.readFileSync(inPath, "utf8");
  if (records(text).next().done) throw new CaseErrors([caseError("(document)", "fichier vide : une ligne d'en-tête est attendue")]);
  const { output, count, errors } = evaluateRows(text);
  const temporary = outPath + "." + globalThis.process.pid + ".tmp";
  fs.writeFileSync(temporary, output, "utf8");
  fs.renameSync(temporary, outPath);
  return { count, errors };
}
