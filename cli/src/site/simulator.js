// ---------------------------------------------------------------------------------------------
// The simulator's page code: the form becomes a case (as `clause eval --case` reads it), the
// generated `evaluate` computes it, the result is written as tables (text only, never HTML).
// ---------------------------------------------------------------------------------------------

const form = document.getElementById("simulateur");
const output = document.getElementById("resultat");
const problems = document.getElementById("erreurs");

function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function table(caption, headers, rows) {
  const t = element("table");
  t.appendChild(element("caption", caption));
  const head = element("thead");
  const line = element("tr");
  for (const header of headers) line.appendChild(element("th", header, { scope: "col" }));
  head.appendChild(line);
  t.appendChild(head);
  const body = element("tbody");
  for (const row of rows) {
    const tr = element("tr");
    for (const cell of row) tr.appendChild(element("td", cell));
    body.appendChild(tr);
  }
  t.appendChild(body);
  return t;
}

function readForm() {
  const entrees = {};
  for (const holder of form.querySelectorAll("[data-input]")) {
    const name = holder.dataset.input;
    const type = holder.dataset.type;
    if (type === "set") {
      entrees[name] = [...holder.querySelectorAll("input:checked")].map((i) => i.value);
    } else if (type === "enum") {
      const chosen = holder.querySelector("input:checked");
      if (chosen) entrees[name] = chosen.value;
    } else if (type === "bool") {
      entrees[name] = holder.querySelector("input").checked;
    } else {
      const value = holder.querySelector("input").value.trim();
      if (value) entrees[name] = value;
    }
  }
  const value = (id) => form.querySelector("#" + id).value.trim();
  const kase = { entrees };
  if (value("signature")) {
    const contrat = { signature: value("signature"), missions: {} };
    if (value("jusqu_au")) contrat.jusqu_au = value("jusqu_au");
    if (value("lettre_intention")) contrat.lettre_intention = value("lettre_intention");
    const crises = value("crises").split(/[,;\s]+/).filter(Boolean);
    if (crises.length) contrat.crises = crises;
    for (const set of form.querySelectorAll("[data-mission]")) {
      const engaged = set.querySelector("input[name=engage]");
      if (engaged && !engaged.checked) continue;
      const mission = {};
      const start = set.querySelector("[data-role=debut]").value.trim();
      const rate = set.querySelector("[data-role=atteinte]").value.trim();
      if (start) mission.debut = start;
      if (rate) mission.atteinte = rate;
      contrat.missions[set.dataset.mission] = mission;
    }
    kase.contrat = contrat;
  }
  return kase;
}

function show(result) {
  output.replaceChildren();
  output.appendChild(element("h2", "Résultat"));
  output.appendChild(element("p", "Tranche : " + (result.tranche ?? "aucune") + (result.eligible ? "" : " — non éligible")));
  output.appendChild(table("Montants", ["nom", "libellé", "valeur"],
    result.resultats.map((r) => [r.nom, r.libelle ?? "", r.valeur])));
  if (result.versements.length) {
    output.appendChild(table("Versements", ["date", "année", "ligne", "nature", "clause", "montant"],
      result.versements.map((v) => [v.date, v.annee, v.ligne, v.nature, v.source, v.montant])));
  }
  if (result.totaux_par_annee.length) {
    output.appendChild(table("Totaux par année du contrat", ["année", "du", "au", "montant"],
      result.totaux_par_annee.map((t) => [t.annee, t.debut ?? "", t.fin ?? "", t.montant])));
  }
  if (result.echeances.length) {
    output.appendChild(table("Échéances", ["mission", "nature", "date", "statut", "détail"],
      result.echeances.map((e) => [e.mission, e.nature, e.date ?? "", e.statut, e.detail])));
  }
  for (const [title, items] of [["Hypothèses", result.hypotheses], ["Notes", result.notes]]) {
    if (!items.length) continue;
    output.appendChild(element("h3", title));
    const list = element("ul");
    for (const item of items) list.appendChild(element("li", item));
    output.appendChild(list);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  problems.replaceChildren();
  try {
    show(evaluate(readForm()));
  } catch (error) {
    if (!(error instanceof CaseErrors)) throw error;
    output.replaceChildren();
    const list = element("ul");
    for (const e of error.errors) list.appendChild(element("li", "« " + e.champ + " » : " + e.message));
    problems.appendChild(element("p", "Le cas est incomplet ou erroné :"));
    problems.appendChild(list);
  }
});
