//! Canonical layout of declarations, items and their attributes, walked in source order so that
//! comments come out where they were.

use super::attach::{Blanks, Comments};
use super::doc::{concat, fill, group, if_break, indent, nil, text, Doc};
use super::literals;
use clause_grammar::ast::*;
use clause_grammar::{FileId, Span, Spanned};

mod citations;

/// Indentation of a block's content and of an item's attributes.
pub(crate) const INDENT: usize = 2;
/// Indentation of the continuation of a line too long for the width.
pub(crate) const CONTINUATION: usize = 4;

pub(crate) struct Formatter<'s> {
    pub(crate) comments: Comments<'s>,
}

/// One line under an item, kept in the order it was written.
enum Attr<'a> {
    Source(&'a SourceRef),
    Hypothesis(&'a Text),
    Expected(&'a Table),
    FixedShare(&'a FixedShare),
    /// One `versement` line: its rules, and whether each was written after `puis`.
    Payments(Vec<(&'a PaymentRule, bool)>),
    Start(&'a Spanned<Deadline>),
    Effective(&'a Spanned<Deadline>),
    Duplicate(Span),
    Envelope(&'a ValueDef),
    Indicator(&'a Text),
    /// `réservé …` or `à compter du …`, in its canonical spelling.
    Written(Span, String),
}

impl Attr<'_> {
    fn start(&self) -> usize {
        match self {
            Attr::Source(s) => s.span().start,
            Attr::Hypothesis(t) | Attr::Indicator(t) => t.span.start,
            Attr::Expected(table) => table.span.start,
            Attr::FixedShare(share) => share.span.start,
            Attr::Payments(rules) => rules.first().map_or(0, |(rule, _)| rule.span.start),
            Attr::Start(deadline) | Attr::Effective(deadline) => deadline.span.start,
            Attr::Duplicate(span) | Attr::Written(span, _) => span.start,
            Attr::Envelope(value) => value.keyword_span.start,
        }
    }

    fn end(&self) -> usize {
        match self {
            Attr::Source(s) => s.span().end,
            Attr::Hypothesis(t) | Attr::Indicator(t) => t.span.end,
            Attr::Expected(table) => table.span.end,
            Attr::FixedShare(share) => share.span.end,
            Attr::Payments(rules) => rules.last().map_or(0, |(rule, _)| rule.span.end),
            Attr::Start(deadline) | Attr::Effective(deadline) => deadline.span.end,
            Attr::Duplicate(span) | Attr::Written(span, _) => span.end,
            Attr::Envelope(value) => value_end(value),
        }
    }
}

fn attributes(attributes: &Attributes) -> Vec<Attr<'_>> {
    let sources = attributes.sources.iter().map(Attr::Source);
    sources
        .chain(attributes.hypotheses.iter().map(Attr::Hypothesis))
        .collect()
}

/// Where a value definition ends: it has no span of its own.
pub(crate) fn value_end(value: &ValueDef) -> usize {
    let mut end = value.keyword_span.end;
    let mut see = |span: Span| end = end.max(span.end);
    value.name.iter().for_each(|n| see(n.span));
    value.label.iter().for_each(|l| see(l.span));
    match &value.definition {
        Definition::Table { band_set, table } => {
            see(band_set.span);
            see(table.span);
        }
        Definition::Formula(expr) => see(expr.span),
        Definition::Grid(grid) => see(grid.span),
        Definition::Rules(rules) => see(rules.span),
    }
    value.expected.iter().for_each(|t| see(t.span));
    value.fixed_share.iter().for_each(|f| see(f.span));
    value.payments.iter().for_each(|p| see(p.span));
    value.reserved.iter().for_each(|r| see(r.span));
    value.effect.iter().for_each(|e| see(e.span));
    let attributes = &value.attributes;
    attributes.sources.iter().for_each(|s| see(s.span()));
    attributes.hypotheses.iter().for_each(|t| see(t.span));
    end
}

fn label(label: &Option<Text>) -> String {
    label
        .as_ref()
        .map(|l| format!(" {}", literals::string(&l.node)))
        .unwrap_or_default()
}

/// A payment rule in its canonical source spelling (also quoted by the checker's messages).
pub(crate) fn payment(kind: &PaymentKind) -> String {
    let percent = |p: &rust_decimal::Decimal| literals::number(p);
    match kind {
        PaymentKind::AdvanceAtSignature(p) => format!("avance {} % à la signature", percent(p)),
        PaymentKind::AdvanceEachAnniversary(p) => {
            format!("avance {} % à chaque anniversaire", percent(p))
        }
        PaymentKind::AdvanceAtStart {
            percent: p,
            prorated,
        } => {
            let prorated = if *prorated { " au prorata" } else { "" };
            format!("avance {} % au démarrage{prorated}", percent(p))
        }
        PaymentKind::BalanceNextAnniversary => "solde à l'anniversaire suivant".into(),
        PaymentKind::VariableByAchievement => "variable selon atteinte".into(),
        PaymentKind::AtSignature => "à la signature".into(),
        PaymentKind::FirstYear => "la première année".into(),
        PaymentKind::FollowingYears => "chaque année suivante".into(),
        PaymentKind::EachCrisis => "à chaque crise déclarée".into(),
        PaymentKind::LetterOfIntent => "à la validation de la lettre d'intention".into(),
        PaymentKind::EachYear => "chaque année".into(),
    }
}

fn deadline(deadline: &Deadline) -> String {
    match deadline {
        Deadline::Free => "libre".into(),
        Deadline::Unspecified => "non précisé".into(),
        Deadline::After { delay, event } => {
            let event = match event.node {
                Event::Signature => "signature",
                Event::MissionStart => "démarrage",
            };
            format!(
                "au plus tard {} après {event}",
                literals::duration(&delay.node)
            )
        }
    }
}

fn type_expr(ty: &TypeExpr) -> String {
    match ty {
        TypeExpr::Count => "nombre".into(),
        TypeExpr::Money => "montant".into(),
        TypeExpr::Rate => "taux".into(),
        TypeExpr::Decimal => "décimal".into(),
        TypeExpr::Duration => "durée".into(),
        TypeExpr::Date => "date".into(),
        TypeExpr::Boolean => "booléen".into(),
        TypeExpr::Text => "texte".into(),
        TypeExpr::Named(name) => name.clone(),
        TypeExpr::SetOf(element) => format!("ensemble de {}", element.node),
    }
}

impl Formatter<'_> {
    pub(crate) fn file(&mut self, file: &SourceFile) -> Doc {
        let mut docs = Vec::new();
        for (index, declaration) in file.declarations.iter().enumerate() {
            if index > 0 {
                docs.push(Doc::HardLine);
                docs.push(Doc::BlankLine);
            }
            docs.push(
                self.comments
                    .leading(declaration.span.start, Blanks::Keep { first: index == 0 }),
            );
            docs.push(self.declaration(declaration));
            docs.push(self.comments.trailing(declaration.span.end));
        }
        docs.push(Doc::HardLine);
        docs.push(self.comments.rest(Blanks::Keep {
            first: file.declarations.is_empty(),
        }));
        concat(docs)
    }

    /// The offset of the first `ch` at or after `from` outside comments and strings: the
    /// braces have no span of their own.
    pub(super) fn find(&self, from: usize, ch: char) -> usize {
        let source = self.comments.text();
        let mut in_comment = false;
        for (offset, c) in source.get(from..).unwrap_or("").char_indices() {
            match c {
                '\n' => in_comment = false,
                '#' => in_comment = true,
                _ if in_comment => {}
                c if c == ch => return from + offset,
                _ => {}
            }
        }
        source.len()
    }

    /// `{`, the entries each on its own line with blank lines kept, comments before the
    /// closing brace, `}`.
    fn block(&mut self, open: usize, close: usize, entries: Vec<(usize, usize, Entry<'_>)>) -> Doc {
        let handed_out = self.comments.handed_out();
        let empty = entries.is_empty();
        let mut inner = vec![self.comments.trailing(open + 1)];
        let mut first = true;
        for (start, end, entry) in entries {
            inner.push(Doc::HardLine);
            inner.push(self.comments.leading(start, Blanks::Keep { first }));
            first = false;
            inner.push(self.entry(entry));
            inner.push(self.comments.trailing(end));
        }
        inner.push(self.comments.before(close, Blanks::Keep { first }));
        if empty && self.comments.handed_out() == handed_out {
            return text(" {}");
        }
        let inner = concat(inner);
        concat(vec![
            text(" {"),
            indent(INDENT, inner),
            Doc::HardLine,
            text("}"),
        ])
    }

    fn entry(&mut self, entry: Entry<'_>) -> Doc {
        match entry {
            Entry::Item(item) => self.item(item),
            Entry::Attr(attr) => self.attr(attr),
            Entry::Band(band, columns) => self.band(band, columns),
        }
    }

    fn declaration(&mut self, declaration: &Declaration) -> Doc {
        let keyword = match declaration.kind {
            DeclarationKind::Agreement => "accord",
            DeclarationKind::Amendment => "avenant",
        };
        let mut header = format!(
            "{keyword} {}{}",
            declaration.name.node,
            label(&declaration.title)
        );
        let mut header_end = declaration
            .title
            .as_ref()
            .map_or(declaration.name.span.end, |t| t.span.end);
        if let Some(base) = &declaration.base {
            header.push_str(&format!(" modifie {}", base.node));
            header_end = base.span.end;
        }
        let open = self.find(header_end, '{');
        let close = declaration.span.end.saturating_sub(1);
        let entries = declaration
            .items
            .iter()
            .map(|item| (item.span.start, item.span.end, Entry::Item(item)))
            .collect();
        concat(vec![text(header), self.block(open, close, entries)])
    }

    pub(crate) fn item(&mut self, item: &Item) -> Doc {
        let date = |keyword: &str, date: &Spanned<chrono::NaiveDate>| {
            text(format!("{keyword} {}", literals::date(&date.node)))
        };
        match &item.kind {
            ItemKind::Status(status) => text(format!("statut {}", status.node.french())),
            ItemKind::SignedOn(d) => date("signé le", d),
            ItemKind::PublishedOn(d) => date("publié le", d),
            ItemKind::ProposedOn(d) => date("proposé le", d),
            ItemKind::InForceOn(d) => date("en vigueur le", d),
            ItemKind::ApplicableBefore(d) => date("applicable aux contrats signés avant le", d),
            ItemKind::DatePolicy(p) => text(format!("dates ambiguës : {}", p.node.french())),
            ItemKind::ContractDuration(d) => {
                text(format!("durée du contrat {}", literals::duration(&d.node)))
            }
            ItemKind::Source(s) => text(citations::source(s)),
            ItemKind::Reference(def) => self.reference_def(def, item.span),
            ItemKind::Enum(def) => self.enum_def(def, item.span),
            ItemKind::Input(def) => {
                let header = format!(
                    "entrée {}{} : {}",
                    def.name.node,
                    label(&def.label),
                    type_expr(&def.ty.node)
                );
                let attrs = self.attrs(attributes(&def.attributes));
                concat(vec![text(header), attrs])
            }
            ItemKind::BandSet(def) => self.band_set(def, item.span),
            ItemKind::Value(def) => self.value(def),
            ItemKind::Mission(def) => self.mission(def, item.span),
            ItemKind::Condition(def) => {
                let header = format!("condition {}{} :", def.name.node, label(&def.label));
                self.headed_expr(header, &def.condition)
            }
            ItemKind::Assertion(def) => {
                let header = match &def.label {
                    Some(l) => format!("vérifier {} :", literals::string(&l.node)),
                    None => "vérifier".into(),
                };
                self.headed_expr(header, &def.condition)
            }
            ItemKind::Example(def) => self.example(def),
            ItemKind::Add(inner) => concat(vec![text("ajoute "), self.item(inner)]),
            ItemKind::Replace(inner) => concat(vec![text("remplace "), self.item(inner)]),
            ItemKind::Remove(def) => {
                // A check is named by its label, written as a string.
                let name = match def.kind.node {
                    TargetKind::Assertion | TargetKind::Example => literals::string(&def.name.node),
                    _ => def.name.node.clone(),
                };
                text(format!("retire {} {name}", def.kind.node.keyword()))
            }
            ItemKind::Revalue(def) => super::revalue::revalue(def, CONTINUATION),
            ItemKind::ReplaceAmount(def) => self.definition(
                format!("remplace montant {}", def.target.node),
                &def.definition,
            ),
        }
    }

    /// `header expr`, the expression going to the next line when the whole does not fit.
    fn headed_expr(&mut self, header: String, expr: &Expr) -> Doc {
        let expr = self.expr(expr);
        if expr.is_hard() {
            return concat(vec![text(header), text(" "), expr]);
        }
        group(concat(vec![
            text(header),
            indent(CONTINUATION, concat(vec![Doc::Line, expr])),
        ]))
    }

    fn enum_def(&mut self, def: &EnumDef, span: Span) -> Doc {
        let header = format!("énumération {}{}", def.name.node, label(&def.label));
        let header_end = def.label.as_ref().map_or(def.name.span.end, |l| l.span.end);
        let open = self.find(header_end, '{');
        let close = span.end.saturating_sub(1);
        let mut inner = vec![self.comments.trailing(open + 1)];
        let count = def.variants.len();
        for (index, variant) in def.variants.iter().enumerate() {
            inner.push(Doc::Line);
            inner.push(self.comments.leading(variant.name.span.start, Blanks::Drop));
            inner.push(text(format!(
                "{}{}",
                variant.name.node,
                label(&variant.label)
            )));
            inner.push(if index + 1 < count {
                text(",")
            } else {
                if_break(text(","))
            });
            let end = variant
                .label
                .as_ref()
                .map_or(variant.name.span.end, |l| l.span.end);
            inner.push(self.comments.trailing(end));
        }
        inner.push(self.comments.before(close, Blanks::Drop));
        group(concat(vec![
            text(header),
            text(" {"),
            indent(INDENT, concat(inner)),
            Doc::Line,
            text("}"),
        ]))
    }

    fn band_set(&mut self, def: &BandSetDef, span: Span) -> Doc {
        let mut header = format!("tranches {} selon {}", def.name.node, def.dimension.node);
        if let Some(domain) = &def.domain {
            header.push_str(&format!(
                ", {}",
                literals::band_range_in(
                    &domain.range.node,
                    literals::bound_unit(domain.percent, domain.euro),
                    &domain.bound_hypotheses
                )
            ));
        }
        let open = self.find(def.dimension.span.end, '{');
        let close = span.end.saturating_sub(1);
        let columns = Columns {
            name: def
                .bands
                .iter()
                .map(|b| b.name.node.chars().count())
                .max()
                .unwrap_or(0),
            label: def
                .bands
                .iter()
                .map(|b| label(&b.label).chars().count())
                .max()
                .unwrap_or(0),
        };
        let entries = def
            .bands
            .iter()
            .map(|band| {
                let mut end = band.range.span.end;
                let attributes = &band.attributes;
                let spans = attributes.sources.iter().map(SourceRef::span);
                let hypotheses = attributes.hypotheses.iter().map(|t| t.span);
                spans.chain(hypotheses).for_each(|s| end = end.max(s.end));
                (band.name.span.start, end, Entry::Band(band, columns))
            })
            .collect();
        concat(vec![text(header), self.block(open, close, entries)])
    }

    /// A band's line, its name and label padded to the set's columns so that the `:` align.
    fn band(&mut self, band: &BandDef, columns: Columns) -> Doc {
        let name = &band.name.node;
        let mut line = format!(
            "{name}{}",
            " ".repeat(columns.name.saturating_sub(name.chars().count()))
        );
        let band_label = label(&band.label);
        line.push_str(&band_label);
        line.push_str(&" ".repeat(columns.label.saturating_sub(band_label.chars().count())));
        line.push_str(&format!(
            " : {}",
            literals::band_range_in(
                &band.range.node,
                literals::bound_unit(band.percent, band.euro),
                &band.bound_hypotheses
            )
        ));
        let attrs = self.attrs(attributes(&band.attributes));
        concat(vec![text(line), attrs])
    }

    fn value(&mut self, def: &ValueDef) -> Doc {
        let mut header = def.kind.keyword().to_string();
        if let Some(name) = &def.name {
            header.push(' ');
            header.push_str(&name.node);
        }
        header.push_str(&label(&def.label));
        let definition = self.definition(header, &def.definition);
        let mut attrs = attributes(&def.attributes);
        attrs.extend(def.expected.iter().map(Attr::Expected));
        attrs.extend(def.fixed_share.iter().map(Attr::FixedShare));
        attrs.extend(
            def.payments
                .iter()
                .map(|rule| Attr::Payments(vec![(rule, false)])),
        );
        let in_time = literals::in_time(&def.reserved, def.effect.as_ref());
        attrs.extend(
            in_time
                .into_iter()
                .map(|(span, line)| Attr::Written(span, line)),
        );
        attrs.sort_by_key(Attr::start);
        let attrs = self.payment_lines(attrs);
        let attrs = self.attrs(attrs);
        concat(vec![definition, attrs])
    }

    /// Puts back together the rules written on one `versement` line, and notes the `puis`:
    /// neither is in the tree, both are read from the source between the rules.
    fn payment_lines<'a>(&self, attrs: Vec<Attr<'a>>) -> Vec<Attr<'a>> {
        let source = self.comments.text();
        let words_between = |from: usize, to: usize| -> Vec<&str> {
            let between = source.get(from..to).unwrap_or("");
            between
                .lines()
                .map(|line| line.split('#').next().unwrap_or(""))
                .flat_map(|line| line.split(|c: char| !c.is_alphanumeric()))
                .filter(|w| !w.is_empty())
                .collect()
        };
        let mut out: Vec<Attr<'a>> = Vec::new();
        for attr in attrs {
            if let (Attr::Payments(new), Some(Attr::Payments(line))) = (&attr, out.last_mut()) {
                if let (Some((rule, _)), Some((previous, _))) = (new.first(), line.last()) {
                    let words = words_between(previous.span.end, rule.span.start);
                    if !words.contains(&"versement") {
                        line.push((rule, words.contains(&"puis")));
                        continue;
                    }
                }
            }
            out.push(attr);
        }
        out
    }

    /// The lines under an item, indented.
    fn attrs(&mut self, attrs: Vec<Attr<'_>>) -> Doc {
        if attrs.is_empty() {
            return nil();
        }
        let mut docs = Vec::new();
        for attr in attrs {
            let (start, end) = (attr.start(), attr.end());
            docs.push(Doc::HardLine);
            docs.push(self.comments.leading(start, Blanks::Drop));
            docs.push(self.attr(attr));
            docs.push(self.comments.trailing(end));
        }
        indent(INDENT, concat(docs))
    }

    fn attr(&mut self, attr: Attr<'_>) -> Doc {
        match attr {
            Attr::Source(s) => text(citations::source(s)),
            Attr::Hypothesis(t) => text(format!("hypothèse {}", literals::string(&t.node))),
            Attr::Indicator(t) => text(format!("indicateur {}", literals::string(&t.node))),
            Attr::Written(_, line) => text(line),
            Attr::Expected(table) => concat(vec![text("attendu "), self.table(table)]),
            Attr::FixedShare(share) => {
                let expr = self.expr(&share.share);
                let hypothesis = share.hypothesis.as_ref().map(|h| {
                    concat(vec![
                        Doc::Line,
                        text(format!("hypothèse {}", literals::string(&h.node))),
                    ])
                });
                group(concat(vec![
                    text("part fixe "),
                    expr,
                    indent(CONTINUATION, hypothesis.unwrap_or_else(nil)),
                ]))
            }
            Attr::Payments(rules) => {
                let count = rules.len();
                let mut parts = Vec::new();
                for (index, (rule, then)) in rules.into_iter().enumerate() {
                    if index > 0 {
                        let end_of_line = self.comments.end_of_line_before(rule.span.start);
                        if let Some(previous) = parts.last_mut() {
                            *previous =
                                concat(vec![std::mem::replace(previous, nil()), end_of_line]);
                        }
                        parts.push(Doc::Line);
                    }
                    let mut content = vec![self.comments.leading(rule.span.start, Blanks::Drop)];
                    if then {
                        content.push(text("puis "));
                    }
                    content.push(text(payment(&rule.kind)));
                    // The last rule's end-of-line comment is the line's: it is left to the
                    // attribute, outside the fill, so that it does not break the line.
                    if index + 1 < count {
                        content.push(text(","));
                        content.push(self.comments.trailing(rule.span.end));
                    }
                    parts.push(concat(content));
                }
                concat(vec![text("versement "), indent(CONTINUATION, fill(parts))])
            }
            Attr::Start(d) => text(format!("démarrage {}", deadline(&d.node))),
            Attr::Effective(d) => text(format!("déploiement {}", deadline(&d.node))),
            Attr::Duplicate(span) => text(self.duplicate_deadline(span)),
            Attr::Envelope(value) => self.value(value),
        }
    }

    /// A second `démarrage` or `déploiement` line: the tree keeps only its span, so its text is
    /// parsed again on its own to be printed canonically (or printed as written if it cannot).
    fn duplicate_deadline(&self, span: Span) -> String {
        let written = self.comments.text().get(span.start..span.end).unwrap_or("");
        let snippet = format!("accord a {{ mission m socle {{\n{written}\n}} }}");
        let parsed = clause_grammar::parse(FileId(0), &snippet);
        let mission = parsed
            .file
            .as_ref()
            .and_then(|file| file.declarations.first())
            .and_then(|d| d.items.first());
        if let Some(Item {
            kind: ItemKind::Mission(mission),
            ..
        }) = mission
        {
            if let Some(start) = &mission.start {
                return format!("démarrage {}", deadline(&start.node));
            }
            if let Some(effective) = &mission.effective {
                return format!("déploiement {}", deadline(&effective.node));
            }
        }
        written.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn mission(&mut self, def: &MissionDef, span: Span) -> Doc {
        let kind = match def.kind.node {
            MissionKind::Mandatory => "socle",
            MissionKind::Optional => "optionnelle",
        };
        let mut header = format!("mission {}{} {kind}", def.name.node, label(&def.label));
        let mut header_end = def.kind.span.end;
        if let Some(without) = def.without_indicator {
            header.push_str(" sans indicateur");
            header_end = without.end;
        }
        let mut attrs = attributes(&def.attributes);
        attrs.extend(def.start.iter().map(Attr::Start));
        attrs.extend(def.effective.iter().map(Attr::Effective));
        attrs.extend(def.duplicate_deadlines.iter().map(|s| Attr::Duplicate(*s)));
        attrs.extend(def.envelopes.iter().map(Attr::Envelope));
        attrs.extend(def.indicators.iter().map(Attr::Indicator));
        attrs.sort_by_key(Attr::start);
        let entries = attrs
            .into_iter()
            .map(|a| (a.start(), a.end(), Entry::Attr(a)))
            .collect();
        let open = self.find(header_end, '{');
        let close = span.end.saturating_sub(1);
        concat(vec![text(header), self.block(open, close, entries)])
    }

    fn example(&mut self, def: &ExampleDef) -> Doc {
        let header = format!("exemple {} : ", literals::string(&def.label.node));
        // The last input's end-of-line comment stays before `⇒`.
        let inputs = self.bindings(&def.inputs, true);
        let outcome = match &def.outcome {
            Outcome::NotEligible(_) => text("non éligible"),
            Outcome::Values(values) => self.bindings(values, false),
        };
        group(concat(vec![
            text(header),
            indent(CONTINUATION, inputs),
            indent(
                CONTINUATION,
                concat(vec![Doc::Line, text("⇒ "), indent(2, outcome)]),
            ),
        ]))
    }

    /// `a = 1, b = 2`; the end-of-line comment after the last one is left to the caller unless
    /// `last_trailing`.
    fn bindings(&mut self, bindings: &[Binding], last_trailing: bool) -> Doc {
        let count = bindings.len();
        let mut parts = Vec::new();
        for (index, binding) in bindings.iter().enumerate() {
            if index > 0 {
                let end_of_line = self.comments.end_of_line_before(binding.span.start);
                if let Some(previous) = parts.last_mut() {
                    *previous = concat(vec![std::mem::replace(previous, nil()), end_of_line]);
                }
                parts.push(Doc::Line);
            }
            let leading = self.comments.leading(binding.span.start, Blanks::Drop);
            let value = self.expr(&binding.value);
            // The last binding's end-of-line comment is left to the item, outside the group.
            let (comma, trailing) = if index + 1 < count {
                (text(","), self.comments.trailing(binding.span.end))
            } else if last_trailing {
                (nil(), self.comments.trailing(binding.span.end))
            } else {
                (nil(), nil())
            };
            parts.push(concat(vec![
                leading,
                text(format!("{} = ", binding.name.node)),
                value,
                comma,
                trailing,
            ]));
        }
        fill(parts)
    }
}

/// The widths a band set's lines are padded to.
#[derive(Debug, Clone, Copy)]
struct Columns {
    name: usize,
    label: usize,
}

enum Entry<'a> {
    Item(&'a Item),
    Attr(Attr<'a>),
    Band(&'a BandDef, Columns),
}
