#!/usr/bin/env node
// Generates syntaxes/clause.tmLanguage.json from the definitions below.
//
//   node tools/build-grammar.js            writes the grammar
//   node tools/build-grammar.js --check    exits 1 if the committed grammar is stale
//
// The generated JSON is committed, so the extension needs no build step; ci.sh runs
// `--check`. Keywords follow grammar/src/clause.pest: every accented keyword also has
// an ASCII spelling, and only the reserved words of the pest grammar are highlighted
// everywhere. Non-reserved words (`le`, `de`, `taux`, `date`, `signé`, ...) can be
// identifiers, so they are only highlighted in the context where they are keywords.
'use strict';

const fs = require('fs');
const path = require('path');

// ------------------------------------------------------------------ building blocks
const IDC = '[\\p{L}\\p{M}\\p{N}\\p{Pc}]'; // identifier continuation (≈ XID_Continue)
const B = `(?<!${IDC})`; // start of a word
const E = `(?!${IDC})`; // end of a word
const SP = '[ \\t\u00A0\u202F]'; // spaces allowed between words and in numbers
const GROUP_SEP = '[ \u00A0\u202F]'; // thousands separators (clause.pest `group_sep`)
const APOS = "['\u2019]";
const A = '(?:à|a)';

const alt = (...words) => `(?:${words.join('|')})`;
const kw = (...words) => `${B}${alt(...words)}${E}`;

// Reserved words (`keyword` in clause.pest): never identifiers.
const RESERVED = [
  'accord', 'avenant', 'modifie', 'statut', 'entrée', 'entree', 'tranches', 'selon',
  'enveloppe', 'valeur', 'résultat', 'resultat', 'mission', 'condition', 'vérifier',
  'verifier', 'exemple', 'ajoute', 'remplace', 'retire', 'revalorise', 'par', 'attendu', 'versement',
  'socle', 'optionnelle', 'non', 'et', 'ou', 'entre', 'contient', 'si', 'alors', 'sinon',
  'vrai', 'faux', 'min', 'max', 'arrondi', 'source', 'hypothèse', 'hypothese', 'démarrage',
  'demarrage', 'déploiement', 'deploiement', 'indicateur', 'énumération', 'enumeration',
];
const IDENT = `(?!${alt(...RESERVED)}${E})[\\p{L}\\p{Nl}_]${IDC}*`;

// Numbers: `40 000`, `0,5`, `1 234 567,89` (space, no-break space or narrow no-break
// space as thousands separator, comma as decimal separator).
const NUMBER = `(?<![\\p{L}\\p{M}\\p{N}_,])(?:\\d{1,3}(?:${GROUP_SEP}\\d{3}(?!\\d))+|\\d+)(?:,\\d+)?`;
const EURO = `(?:€|${kw('euros', 'euro')})`;
const DURATION_UNIT = kw('mois', 'années', 'annees', 'année', 'annee', 'ans', 'an', 'jours', 'jour');

const TYPES = kw('nombre', 'montant', 'taux', 'décimal', 'decimal', 'durée', 'duree', 'date', 'booléen', 'booleen', 'texte');

// ------------------------------------------------------------------ rules
const repository = {
  comment: {
    match: '(#).*$',
    name: 'comment.line.number-sign.clause',
    captures: { 1: { name: 'punctuation.definition.comment.clause' } },
  },

  string: {
    name: 'string.quoted.double.clause',
    begin: '"',
    beginCaptures: { 0: { name: 'punctuation.definition.string.begin.clause' } },
    end: '(")|((?:[^"\\\\])$)',
    endCaptures: {
      1: { name: 'punctuation.definition.string.end.clause' },
      2: { name: 'invalid.illegal.unterminated-string.clause' },
    },
    patterns: [
      { match: '\\\\.', name: 'constant.character.escape.clause' },
    ],
  },

  declaration: {
    patterns: [
      {
        // accord aci_cpts_2019
        match: `${B}(accord)${E}(?:${SP}+(${IDENT}))?`,
        captures: {
          1: { name: 'keyword.declaration.agreement.clause' },
          2: { name: 'entity.name.type.agreement.clause' },
        },
      },
      {
        // avenant avenant_1
        match: `${B}(avenant)${E}(?:${SP}+(${IDENT}))?`,
        captures: {
          1: { name: 'keyword.declaration.amendment.clause' },
          2: { name: 'entity.name.type.amendment.clause' },
        },
      },
      {
        // modifie aci_cpts_2019
        match: `${B}(modifie)${E}(?:${SP}+(${IDENT}))?`,
        captures: {
          1: { name: 'keyword.declaration.modifies.clause' },
          2: { name: 'entity.other.inherited-class.agreement.clause' },
        },
      },
    ],
  },

  metadata: {
    patterns: [
      {
        // statut signé | proposé | projet
        match: `${B}(statut)${E}(?:${SP}+(${kw('signé', 'signe', 'proposé', 'propose', 'projet')}))?`,
        captures: {
          1: { name: 'keyword.other.item.clause' },
          2: { name: 'constant.language.status.clause' },
        },
      },
      {
        // signé le / publié le / proposé le <date>
        match: `${B}(${alt('signé', 'signe', 'publié', 'publie', 'proposé', 'propose')}${SP}+le)${E}(?=${SP}*\\d)`,
        captures: { 1: { name: 'keyword.other.item.clause' } },
      },
      {
        match: `${B}(en${SP}+vigueur${SP}+le)${E}`,
        captures: { 1: { name: 'keyword.other.item.clause' } },
      },
      {
        match: `${B}(${alt('durée', 'duree')}${SP}+du${SP}+contrat)${E}`,
        captures: { 1: { name: 'keyword.other.item.clause' } },
      },
      {
        // dates ambiguës : fin de mois | début du mois suivant | erreur
        match: `${B}(dates${SP}+${alt('ambiguës', 'ambigües', 'ambigues')})${E}(?:${SP}*(:)${SP}*(fin${SP}+de${SP}+mois|${alt('début', 'debut')}${SP}+du${SP}+mois${SP}+suivant|erreur)${E})?`,
        captures: {
          1: { name: 'keyword.other.item.clause' },
          2: { name: 'punctuation.separator.colon.clause' },
          3: { name: 'constant.language.date-policy.clause' },
        },
      },
      {
        match: `${B}(applicable${SP}+aux${SP}+contrats${SP}+${alt('signés', 'signes')}${SP}+avant${SP}+le)${E}`,
        captures: { 1: { name: 'keyword.other.item.clause' } },
      },
      {
        // réservé aux contrats signés avant|après le <date> ; réservé si <condition>
        match: `${B}(${alt('réservé', 'reserve')}(?:${SP}+aux${SP}+contrats${SP}+${alt('signés', 'signes')}${SP}+${alt('avant', 'après', 'apres')}${SP}+le|${SP}+si))${E}`,
        captures: { 1: { name: 'keyword.other.item.clause' } },
      },
      {
        // à compter du <date> [au prorata]
        match: `${B}(${alt('à', 'a')}${SP}+compter${SP}+du)${E}`,
        captures: { 1: { name: 'keyword.other.item.clause' } },
      },
    ],
  },

  // entrée habitants "Population couverte" : nombre
  input: {
    begin: `${B}(${alt('entrée', 'entree')})${E}(?:${SP}+(${IDENT}))?`,
    beginCaptures: {
      1: { name: 'keyword.other.item.clause' },
      2: { name: 'variable.parameter.input.clause' },
    },
    end: '$',
    name: 'meta.input.clause',
    patterns: [
      { include: '#comment' },
      { include: '#string' },
      {
        match: `(:)${SP}*(?:(ensemble)${SP}+(de)${SP}+(${IDENT})|(${TYPES}))`,
        captures: {
          1: { name: 'punctuation.separator.type.clause' },
          2: { name: 'support.type.set.clause' },
          3: { name: 'support.type.set.clause' },
          4: { name: 'entity.name.type.enum.clause' },
          5: { name: 'support.type.primitive.clause' },
        },
      },
      { include: '$self' },
    ],
  },

  // versement avance 75 % à la signature, puis avance 75 % à chaque anniversaire, ...
  // A line ending with a comma continues the payment rules on the next line.
  payment: {
    begin: `${B}(versement)${E}`,
    beginCaptures: { 1: { name: 'keyword.other.attribute.clause' } },
    end: '(?<![,\\s])\\s*$',
    name: 'meta.payment.clause',
    patterns: [
      { include: '#comment' },
      { include: '#numbers' },
      {
        match: `${B}${alt(
          `${A}${SP}+la`, `${A}${SP}+chaque`, `${A}${SP}+l${APOS}anniversaire`,
          `d${APOS}intention`,
        )}${E}`,
        name: 'keyword.other.payment.clause',
      },
      {
        match: kw(
          'avance', 'puis', 'solde', 'anniversaire', 'suivante', 'suivant', 'au', 'démarrage',
          'demarrage', 'prorata', 'variable', 'selon', 'atteinte', 'signature', 'la',
          'première', 'premiere', 'année', 'annee', 'chaque', 'crise', 'déclarée', 'declaree',
          'validation', 'de', 'lettre',
        ),
        name: 'keyword.other.payment.clause',
      },
      { match: ',', name: 'punctuation.separator.comma.clause' },
    ],
  },

  // démarrage au plus tard 6 mois après signature / déploiement libre
  deadline: {
    begin: `${B}(${alt('démarrage', 'demarrage', 'déploiement', 'deploiement')})${E}`,
    beginCaptures: { 1: { name: 'keyword.other.attribute.clause' } },
    end: '$',
    name: 'meta.deadline.clause',
    patterns: [
      { include: '#comment' },
      { include: '#unspecified' },
      { include: '#numbers' },
      {
        match: `${B}(?:au${SP}+plus${SP}+tard|${alt('après', 'apres')}|libre|signature|${alt('démarrage', 'demarrage')})${E}`,
        name: 'keyword.other.deadline.clause',
      },
    ],
  },

  // référence atelier_isere "Titre" { émetteur "…" date 2019-09-24 fichier "…" }
  reference: {
    begin: `${B}(${alt('référence', 'reference')})${E}(?:${SP}+(${IDENT}))?`,
    beginCaptures: {
      1: { name: 'keyword.other.item.clause' },
      2: { name: 'entity.name.type.reference.clause' },
    },
    end: '\\}',
    endCaptures: { 0: { name: 'punctuation.section.block.end.clause' } },
    name: 'meta.reference.clause',
    patterns: [
      { include: '#comment' },
      { include: '#string' },
      { include: '#numbers' },
      {
        match: kw('émetteur', 'emetteur', 'date', 'adresse', 'fichier'),
        name: 'keyword.other.attribute.clause',
      },
      { match: '\\{', name: 'punctuation.section.block.begin.clause' },
    ],
  },

  // source atelier_isere, diapositives 7 et 8 "précision"
  citation: {
    match: `${B}(source)${E}${SP}+(${IDENT})(?:${SP}*(,)${SP}*(${kw(
      'articles', 'article', 'pages', 'page', 'diapositives', 'diapositive', 'sections',
      'section', 'annexes', 'annexe', 'paragraphes', 'paragraphe',
    )}))?`,
    captures: {
      1: { name: 'keyword.other.attribute.clause' },
      2: { name: 'entity.name.type.reference.clause' },
      3: { name: 'punctuation.separator.comma.clause' },
      4: { name: 'keyword.other.locator.clause' },
    },
  },

  'named-item': {
    patterns: [
      {
        match: `${B}(${alt('valeur', 'résultat', 'resultat', 'enveloppe', 'condition')})${E}(?:${SP}+(${IDENT}))?`,
        captures: {
          1: { name: 'keyword.other.item.clause' },
          2: { name: 'entity.name.function.value.clause' },
        },
      },
      {
        match: `${B}(mission)${E}(?:${SP}+(${IDENT}))?`,
        captures: {
          1: { name: 'keyword.other.item.clause' },
          2: { name: 'entity.name.function.mission.clause' },
        },
      },
      {
        match: `${B}(tranches)${E}(?:${SP}+(${IDENT}))?`,
        captures: {
          1: { name: 'keyword.other.item.clause' },
          2: { name: 'entity.name.type.bands.clause' },
        },
      },
      {
        match: `${B}(${alt('énumération', 'enumeration')})${E}(?:${SP}+(${IDENT}))?`,
        captures: {
          1: { name: 'keyword.other.item.clause' },
          2: { name: 'entity.name.type.enum.clause' },
        },
      },
    ],
  },

  'item-keyword': {
    patterns: [
      {
        // remplace montant fonctionnement par taille [...]: only the line's amount
        match: `${B}(remplace)${E}${SP}+(montant)${E}(?:${SP}+(${IDENT}))?`,
        captures: {
          1: { name: 'keyword.other.item.amendment.clause' },
          2: { name: 'keyword.other.item.clause' },
          3: { name: 'entity.name.function.value.clause' },
        },
      },
      {
        match: kw('vérifier', 'verifier', 'exemple'),
        name: 'keyword.other.item.clause',
      },
      {
        match: kw('ajoute', 'remplace', 'retire', 'revalorise'),
        name: 'keyword.other.item.amendment.clause',
      },
    ],
  },

  attribute: {
    patterns: [
      {
        match: `${B}(?:part${SP}+fixe|source|hypothèse|hypothese|attendu|indicateur)${E}`,
        name: 'keyword.other.attribute.clause',
      },
      {
        match: `${B}sans${SP}+indicateur${E}`,
        name: 'storage.modifier.mission.clause',
      },
      {
        match: kw('socle', 'optionnelle'),
        name: 'storage.modifier.mission.clause',
      },
      {
        match: kw('par', 'selon'),
        name: 'keyword.other.clause',
      },
    ],
  },

  // fonctionnement de la base: in an amendment, the line's value in the version it modifies
  'base-value': {
    match: `${B}(${IDENT})${SP}+(de${SP}+la${SP}+base)${E}`,
    captures: {
      1: { name: 'variable.other.clause' },
      2: { name: 'keyword.other.base.clause' },
    },
  },

  unspecified: {
    // `non précisé`: a hole left in the agreement, to be filled in later
    match: `${B}non${SP}+${alt('précisé', 'precise')}${E}`,
    name: 'invalid.deprecated.unspecified.clause',
  },

  'not-eligible': {
    match: `${B}non${SP}+${alt('éligible', 'eligible')}${E}`,
    name: 'constant.language.not-eligible.clause',
  },

  function: {
    match: `${B}(?:arrondi(?:${SP}+(?:${alt('inférieur', 'inferieur', 'supérieur', 'superieur')}|au${SP}+centime))?|min|max)${E}`,
    name: 'support.function.clause',
  },

  // bands: moins de 40 000 | de 40 000 à moins de 80 000 | à partir de 175 000 | jusqu'à 10 | plus de 3
  // | de plus de 50 % à 80 % | de -10 % à moins de 0 % (a domain too: `selon atteinte, de 0 % à 100 %`)
  range: {
    match: `${B}(?:moins${SP}+de|jusqu${APOS}${A}|${A}${SP}+partir${SP}+de|de${SP}+plus${SP}+de|plus${SP}+de|de|${A}${SP}+moins${SP}+de|${A})${E}(?=${SP}*-?${SP}*\\d)`,
    name: 'keyword.other.range.clause',
  },

  numbers: {
    patterns: [
      {
        match: `(?<![\\p{L}\\p{M}\\p{N}_])\\d{4}-\\d{2}-\\d{2}(?!\\d)`,
        name: 'constant.numeric.date.clause',
      },
      {
        match: `(${NUMBER})${SP}*(${EURO})`,
        name: 'meta.amount.money.clause',
        captures: {
          1: { name: 'constant.numeric.money.clause' },
          2: { name: 'keyword.other.unit.currency.clause' },
        },
      },
      {
        match: `(${NUMBER})${SP}*(%)`,
        name: 'meta.amount.percentage.clause',
        captures: {
          1: { name: 'constant.numeric.percentage.clause' },
          2: { name: 'keyword.other.unit.percent.clause' },
        },
      },
      {
        match: `(${NUMBER})${SP}+(${DURATION_UNIT})`,
        name: 'meta.amount.duration.clause',
        captures: {
          1: { name: 'constant.numeric.duration.clause' },
          2: { name: 'keyword.other.unit.duration.clause' },
        },
      },
      {
        match: NUMBER,
        name: 'constant.numeric.number.clause',
      },
    ],
  },

  expression: {
    patterns: [
      { match: kw('si', 'alors', 'sinon'), name: 'keyword.control.conditional.clause' },
      { match: kw('vrai', 'faux'), name: 'constant.language.boolean.clause' },
      { match: kw('et', 'ou', 'non'), name: 'keyword.operator.logical.clause' },
      { match: kw('entre', 'contient'), name: 'keyword.operator.word.clause' },
      { match: '⇒|=>', name: 'keyword.operator.implication.clause' },
      { match: '≠|!=|≤|<=|≥|>=|<|>|=', name: 'keyword.operator.comparison.clause' },
      { match: '×|\\*|\\+|-|/', name: 'keyword.operator.arithmetic.clause' },
    ],
  },

  punctuation: {
    patterns: [
      { match: '\\{', name: 'punctuation.section.block.begin.clause' },
      { match: '\\}', name: 'punctuation.section.block.end.clause' },
      { match: '\\[', name: 'punctuation.section.brackets.begin.clause' },
      { match: '\\]', name: 'punctuation.section.brackets.end.clause' },
      { match: '\\(', name: 'punctuation.section.parens.begin.clause' },
      { match: '\\)', name: 'punctuation.section.parens.end.clause' },
      { match: ',', name: 'punctuation.separator.comma.clause' },
      { match: ':', name: 'punctuation.separator.colon.clause' },
    ],
  },

  identifier: {
    match: `${B}${IDENT}`,
    name: 'variable.other.clause',
  },
};

const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'Clause',
  scopeName: 'source.clause',
  fileTypes: ['clause'],
  comment: 'Generated by tools/build-grammar.js; do not edit by hand.',
  patterns: [
    { include: '#comment' },
    { include: '#string' },
    { include: '#declaration' },
    { include: '#metadata' },
    { include: '#input' },
    { include: '#payment' },
    { include: '#deadline' },
    { include: '#reference' },
    { include: '#citation' },
    { include: '#named-item' },
    { include: '#item-keyword' },
    { include: '#attribute' },
    { include: '#base-value' },
    { include: '#unspecified' },
    { include: '#not-eligible' },
    { include: '#function' },
    { include: '#range' },
    { include: '#numbers' },
    { include: '#expression' },
    { include: '#punctuation' },
    { include: '#identifier' },
  ],
  repository,
};

const out = path.join(__dirname, '..', 'syntaxes', 'clause.tmLanguage.json');
const text = JSON.stringify(grammar, null, 2) + '\n';

if (process.argv.includes('--check')) {
  const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  if (current !== text) {
    console.error('syntaxes/clause.tmLanguage.json is stale: run `node tools/build-grammar.js`');
    process.exit(1);
  }
  console.log('syntaxes/clause.tmLanguage.json is up to date');
} else {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}
