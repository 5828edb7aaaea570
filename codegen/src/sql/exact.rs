//! rust_decimal's arithmetic on exact integers, as stages of SQL columns. A number is a pair of
//! columns: its mantissa `m` (HUGEINT or NUMERIC) and its scale `e` (its value is m / 10^e);
//! NULL is an error of the engine (a hole, a missing input, a division by zero, an overflow).
//!
//! rust_decimal keeps a mantissa under 2^96 and at most 28 decimals: a sum, product or quotient
//! is the exact result rounded half to even at the largest scale (at most 28, at most the
//! operands' for a sum or product) at which it fits 96 bits. That value depends on the
//! operands' values only, not on how they are written, so the SQL computes it from the exact
//! result. A product of two 96-bit mantissas needs 192 bits: it is held as two limbs
//! `H × 10^28 + L`, each under 2^127, so DuckDB's 128-bit HUGEINT holds every step.

use super::Dialect;

/// Columns computed stage after stage: `stages[i]` are the definitions added by the i-th step.
pub type Plan = Vec<Vec<String>>;

/// 2^96: no mantissa reaches it.
pub const TWO_96: u128 = 1 << 96;

/// An exact integer literal.
pub fn lit(d: Dialect, n: u128) -> String {
    if n < 1_000_000_000_000_000_000 {
        format!("CAST({n} AS {})", d.int())
    } else {
        d.lit(&n.to_string())
    }
}

/// 10^e for an integer expression 0 <= e <= 38 (1 for a negative e: a branch not taken may
/// still be computed).
pub fn p10(d: Dialect, e: &str) -> String {
    match e.trim().parse::<u32>() {
        Ok(k) if k <= 38 => lit(d, 10u128.pow(k)),
        _ => format!(
            "CAST(rpad('1', greatest(CAST({e} AS INTEGER), 0) + 1, '0') AS {})",
            d.int()
        ),
    }
}

fn e28(d: Dialect) -> String {
    lit(d, 10u128.pow(28))
}

/// The fewest digits k to drop from `H × 10^28 + L` for it to be under 2^96 (at most 30).
fn digits_over_96(d: Dialect, h: &str, l: &str) -> String {
    let mut case = String::from("CASE");
    for k in 0..=29u32 {
        // 2^96 × 10^k as limbs (BH, BL): for k < 28, 2^96 = q × 10^(28-k) + r gives
        // BH = q and BL = r × 10^k.
        let (bh, bl) = if k >= 28 {
            (TWO_96 * 10u128.pow(k - 28), 0)
        } else {
            let unit = 10u128.pow(28 - k);
            (TWO_96 / unit, (TWO_96 % unit) * 10u128.pow(k))
        };
        case.push_str(&format!(
            " WHEN {h} < {bh} OR ({h} = {bh} AND {l} < {bl}) THEN {k}",
            bh = lit(d, bh),
            bl = lit(d, bl)
        ));
    }
    case.push_str(" ELSE 30 END");
    case
}

/// From an exact magnitude `x_H × 10^28 + x_L` at scale `x_s`, with its sign `x_n` and
/// `x_ok` (operands known): the rounded number `x_m`, `x_e`, NULL when it overflows.
fn fit(d: Dialect, x: &str, plan: &mut Plan) {
    let (h, l) = (format!("{x}_h"), format!("{x}_l"));
    plan.push(vec![format!(
        "greatest({x}_s - 28, {}) AS {x}_r",
        digits_over_96(d, &h, &l)
    )]);
    let r = format!("{x}_r");
    let e28 = e28(d);
    let below = p10(d, &format!("28 - {r}"));
    let drop = p10(d, &r);
    let high = p10(d, &format!("{r} - 28"));
    let half_high = format!("5 * {}", p10(d, &format!("{r} - 29")));
    let hm = format!("({h} % {high})");
    plan.push(vec![
        format!(
            "CASE WHEN {r} <= 28 THEN {h} * {below} + {} ELSE {} END AS {x}_q",
            d.idiv(&l, &drop),
            d.idiv(&h, &high)
        ),
        // How the dropped digits compare with one half: -1, 0 (a tie) or 1.
        format!(
            "CASE WHEN {r} < 28 THEN {} \
             WHEN {r} = 28 THEN {} \
             WHEN {hm} > {half_high} THEN 1 WHEN {hm} < {half_high} THEN -1 \
             WHEN {l} > 0 THEN 1 ELSE 0 END AS {x}_c",
            d.sign(&format!("2 * ({l} % {drop}) - {drop}")),
            d.sign(&format!("2 * {l} - {e28}"))
        ),
    ]);
    finish(
        d,
        x,
        &format!("{x}_q"),
        &format!("{x}_c"),
        &format!("{x}_s - {r}"),
        plan,
    );
}

/// The last step: `q` rounded half to even by `c`, at scale `e`; a carry to 2^96 drops one
/// more digit (as rust_decimal does); the sign; NULL on an error or an overflow.
fn finish(d: Dialect, x: &str, q: &str, c: &str, e: &str, plan: &mut Plan) {
    let up = format!("({q} + CASE WHEN {c} > 0 OR ({c} = 0 AND {q} % 2 = 1) THEN 1 ELSE 0 END)");
    let two96 = lit(d, TWO_96);
    let carried = lit(d, TWO_96 / 10 + 1);
    plan.push(vec![
        format!("CASE WHEN {up} = {two96} THEN {carried} ELSE {up} END AS {x}_u"),
        format!("CASE WHEN {up} = {two96} THEN ({e}) - 1 ELSE ({e}) END AS {x}_t"),
    ]);
    plan.push(vec![
        format!(
            "CASE WHEN {x}_ok AND {x}_t >= 0 THEN CASE WHEN {x}_n THEN -{x}_u ELSE {x}_u END END AS {x}_m"
        ),
        format!("CASE WHEN {x}_ok AND {x}_t >= 0 THEN {x}_t END AS {x}_e"),
    ]);
}

fn known(a: (&str, &str), b: (&str, &str)) -> String {
    format!(
        "({} IS NOT NULL AND {} IS NOT NULL AND {} IS NOT NULL AND {} IS NOT NULL)",
        a.0, a.1, b.0, b.1
    )
}

/// `x = a × b`, rounded as rust_decimal rounds a product.
pub fn mul(d: Dialect, x: &str, a: (&str, &str), b: (&str, &str)) -> Plan {
    let e14 = lit(d, 10u128.pow(14));
    let limbs = |v: &str, n: &str| {
        [
            format!("{} AS {x}_{n}1", d.idiv(&format!("abs({v})"), &e14)),
            format!("abs({v}) % {e14} AS {x}_{n}0"),
        ]
    };
    let mut first = vec![
        format!("{} AS {x}_ok", known(a, b)),
        format!("(({} < 0) <> ({} < 0)) AS {x}_n", a.0, b.0),
        format!("{} + {} AS {x}_s", a.1, b.1),
    ];
    first.extend(limbs(a.0, "a"));
    first.extend(limbs(b.0, "b"));
    let mut plan = vec![
        first,
        vec![
            format!("{x}_a1 * {x}_b1 AS {x}_hh"),
            format!("{x}_a1 * {x}_b0 + {x}_a0 * {x}_b1 AS {x}_mid"),
            format!("{x}_a0 * {x}_b0 AS {x}_ll"),
        ],
    ];
    let low = format!("(({x}_mid % {e14}) * {e14} + {x}_ll)");
    let e28 = e28(d);
    plan.push(vec![
        format!(
            "{x}_hh + {} + {} AS {x}_h",
            d.idiv(&format!("{x}_mid"), &e14),
            d.idiv(&low, &e28)
        ),
        format!("{low} % {e28} AS {x}_l"),
    ]);
    fit(d, x, &mut plan);
    plan
}

/// The exact `a ± b` as a sign and limbs: the first stages of a sum and of a comparison.
fn difference(d: Dialect, x: &str, a: (&str, &str), b: (&str, &str), subtract: bool) -> Plan {
    let e28 = e28(d);
    let mut plan = vec![vec![
        format!("{} AS {x}_ok", known(a, b)),
        format!("greatest({}, {}) AS {x}_s", a.1, b.1),
        format!("greatest({}, {}) - {} AS {x}_da", a.1, b.1, a.1),
        format!("greatest({}, {}) - {} AS {x}_db", a.1, b.1, b.1),
    ]];
    // |m| × 10^Δ = (|m| div 10^(28-Δ)) × 10^28 + (|m| mod 10^(28-Δ)) × 10^Δ, signed.
    let limbs = |v: &str, n: &str, minus: bool| {
        let sign = if minus {
            format!("CASE WHEN {v} < 0 THEN 1 ELSE -1 END")
        } else {
            format!("CASE WHEN {v} < 0 THEN -1 ELSE 1 END")
        };
        let unit = p10(d, &format!("28 - {x}_d{n}"));
        [
            format!(
                "{sign} * {} AS {x}_h{n}",
                d.idiv(&format!("abs({v})"), &unit)
            ),
            format!(
                "{sign} * ((abs({v}) % {unit}) * {}) AS {x}_l{n}",
                p10(d, &format!("{x}_d{n}"))
            ),
        ]
    };
    let mut second = Vec::new();
    second.extend(limbs(a.0, "a", false));
    second.extend(limbs(b.0, "b", subtract));
    plan.push(second);
    plan.push(vec![
        format!("{x}_ha + {x}_hb AS {x}_hs"),
        format!("{x}_la + {x}_lb AS {x}_ls"),
    ]);
    plan.push(vec![
        format!("({x}_hs < 0 OR ({x}_hs = 0 AND {x}_ls < 0)) AS {x}_n"),
        format!("CASE WHEN {x}_hs < 0 OR ({x}_hs = 0 AND {x}_ls < 0) THEN -{x}_hs ELSE {x}_hs END AS {x}_hm"),
        format!("CASE WHEN {x}_hs < 0 OR ({x}_hs = 0 AND {x}_ls < 0) THEN -{x}_ls ELSE {x}_ls END AS {x}_lm"),
    ]);
    // |L| < 2 × 10^28: one carry or borrow of one or two units of H.
    let k = format!(
        "CASE WHEN {x}_lm < -{e28} THEN -2 WHEN {x}_lm < 0 THEN -1 WHEN {x}_lm >= {e28} THEN 1 ELSE 0 END"
    );
    plan.push(vec![
        format!("{x}_hm + ({k}) AS {x}_h"),
        format!("{x}_lm - ({k}) * {e28} AS {x}_l"),
    ]);
    plan
}

/// `x = a + b` or `a − b`, rounded as rust_decimal rounds a sum.
pub fn add(d: Dialect, x: &str, a: (&str, &str), b: (&str, &str), subtract: bool) -> Plan {
    let mut plan = difference(d, x, a, b, subtract);
    fit(d, x, &mut plan);
    plan
}

/// `x_c` = the sign of `a − b` (-1, 0, 1), NULL when an operand is.
pub fn compare(d: Dialect, x: &str, a: (&str, &str), b: (&str, &str)) -> Plan {
    let mut plan = difference(d, x, a, b, true);
    plan.push(vec![format!(
        "CASE WHEN NOT {x}_ok THEN NULL WHEN {x}_h = 0 AND {x}_l = 0 THEN 0 WHEN {x}_n THEN -1 ELSE 1 END AS {x}_c"
    )]);
    plan
}

/// The steps of the long division: 9 digits at a time up to 28 decimals (from a scale of −28
/// at least: 7 steps), or until the quotient passes 2^96.
const DIVISION_STEPS: usize = 7;

/// `x = a / b` as rust_decimal divides: the quotient rounded half to even at the largest
/// scale, at most 28, at which it fits 96 bits; NULL for a division by zero.
pub fn div(d: Dialect, x: &str, a: (&str, &str), b: (&str, &str)) -> Plan {
    let two96 = lit(d, TWO_96);
    let divisor = format!("nullif(abs({}), 0)", b.0);
    let mut plan = vec![vec![
        format!("({} AND {} <> 0) AS {x}_ok", known(a, b), b.0),
        format!("(({} < 0) <> ({} < 0)) AS {x}_n", a.0, b.0),
        format!("abs({}) AS {x}_d", b.0),
        format!("{} AS {x}_q0", d.idiv(&format!("abs({})", a.0), &divisor)),
        format!("abs({}) % {divisor} AS {x}_r0", a.0),
        format!("{} - {} AS {x}_s0", a.1, b.1),
    ]];
    for i in 1..=DIVISION_STEPS {
        let (q, r, s) = (
            format!("{x}_q{}", i - 1),
            format!("{x}_r{}", i - 1),
            format!("{x}_s{}", i - 1),
        );
        let k = p10(d, &format!("least(9, 28 - {s})"));
        let go = format!("{s} < 28 AND {q} < {two96}");
        plan.push(vec![
            format!(
                "CASE WHEN {go} THEN {q} * {k} + {} ELSE {q} END AS {x}_q{i}",
                d.idiv(&format!("{r} * {k}"), &format!("nullif({x}_d, 0)"))
            ),
            format!("CASE WHEN {go} THEN ({r} * {k}) % nullif({x}_d, 0) ELSE {r} END AS {x}_r{i}"),
            format!("CASE WHEN {go} THEN least(28, {s} + 9) ELSE {s} END AS {x}_s{i}"),
        ]);
    }
    let (q, r, s) = (
        format!("{x}_q{DIVISION_STEPS}"),
        format!("{x}_r{DIVISION_STEPS}"),
        format!("{x}_s{DIVISION_STEPS}"),
    );
    // Past 2^96 (at most 9 digits too many): drop the fewest digits j; the remainder of the
    // division decides a tie (it is not one when the remainder is not zero).
    let j = format!("{x}_j");
    let mut fewest = format!("CASE WHEN {q} < {two96} THEN 0");
    for k in 1..=9u32 {
        fewest.push_str(&format!(
            " WHEN {q} < {} THEN {k}",
            lit(d, TWO_96 * 10u128.pow(k))
        ));
    }
    fewest.push_str(" ELSE 10 END");
    plan.push(vec![format!("{fewest} AS {j}")]);
    let unit = p10(d, &j);
    let rem = format!("({q} % {unit})");
    plan.push(vec![
        format!("{} AS {x}_qq", d.idiv(&q, &unit)),
        format!(
            "CASE WHEN {j} = 0 THEN {} \
             WHEN 2 * {rem} > {unit} THEN 1 WHEN 2 * {rem} < {unit} THEN -1 \
             WHEN {r} > 0 THEN 1 ELSE 0 END AS {x}_c",
            d.sign(&format!("2 * {r} - {x}_d"))
        ),
    ]);
    finish(
        d,
        x,
        &format!("{x}_qq"),
        &format!("{x}_c"),
        &format!("{s} - {j}"),
        &mut plan,
    );
    plan
}

/// How a number is rounded to whole units or cents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rounding {
    Floor,
    Ceil,
    HalfAwayFromZero,
}

/// `x = a` rounded to `digits` decimals (a number with fewer decimals is unchanged).
pub fn round(d: Dialect, x: &str, a: (&str, &str), digits: u32, how: Rounding) -> Plan {
    let unit = p10(d, &format!("greatest({} - {digits}, 0)", a.1));
    let first = vec![
        format!("{} AS {x}_q", d.idiv(&format!("abs({})", a.0), &unit)),
        format!("abs({}) % {unit} AS {x}_rem", a.0),
        format!("{unit} AS {x}_unit"),
    ];
    let up = match how {
        Rounding::Floor => format!("{} < 0 AND {x}_rem > 0", a.0),
        Rounding::Ceil => format!("{} > 0 AND {x}_rem > 0", a.0),
        Rounding::HalfAwayFromZero => format!("2 * {x}_rem >= {x}_unit"),
    };
    let magnitude = format!("({x}_q + CASE WHEN {up} THEN 1 ELSE 0 END)");
    vec![
        first,
        vec![
            format!(
                "CASE WHEN {} < 0 THEN -{magnitude} ELSE {magnitude} END AS {x}_m",
                a.0
            ),
            format!("least({}, {digits}) AS {x}_e", a.1),
        ],
    ]
}

/// Plans run side by side: stage i of each in the same step.
pub fn merge(plans: Vec<Plan>) -> Plan {
    let mut out: Plan = Vec::new();
    for plan in plans {
        for (i, stage) in plan.into_iter().enumerate() {
            if out.len() <= i {
                out.push(Vec::new());
            }
            out[i].extend(stage);
        }
    }
    out
}

/// Writes a plan as CTEs `{prefix}_1`, `{prefix}_2`… after `from`; returns the last one's name.
pub fn emit(out: &mut String, from: &str, prefix: &str, plan: &Plan, comment: &str) -> String {
    let mut last = from.to_string();
    for (i, cols) in plan.iter().enumerate() {
        if cols.is_empty() {
            continue;
        }
        let name = format!("{prefix}_{}", i + 1);
        if last == from {
            out.push_str(&format!("-- {comment}\n"));
        }
        out.push_str(&format!("{name} AS (\n  SELECT {last}.*"));
        for col in cols {
            out.push_str(&format!(",\n    {col}"));
        }
        out.push_str(&format!("\n  FROM {last}\n),\n"));
        last = name;
    }
    last
}

/// A plan on named operands, and the columns kept from it.
#[derive(Clone, Copy)]
pub struct Steps<'a> {
    pub operands: &'a [(String, String)],
    pub plan: &'a Plan,
    pub outputs: &'a [String],
}

/// Runs a plan after `from` and keeps its `outputs`. DuckDB: one CTE per step. PostgreSQL,
/// which materializes each CTE (else it would inline each step into the next and plan an
/// expression tree that grows with every step): the steps run row by row in a LATERAL
/// subquery on the plan's operands only, each step fenced by `OFFSET 0`, so the wide row of
/// the case is not copied at every step. `operands` are (name, expression over `from`).
pub fn emit_narrow(
    out: &mut String,
    d: Dialect,
    from: &str,
    (prefix, comment): (&str, &str),
    steps: &Steps<'_>,
) -> String {
    let Steps {
        operands,
        plan,
        outputs,
    } = *steps;
    if outputs.is_empty() {
        return from.to_string();
    }
    if d != Dialect::Postgres {
        let cols: Vec<String> = operands
            .iter()
            .map(|(name, expr)| format!("{expr} AS {name}"))
            .collect();
        let mut full = vec![cols];
        full.extend(plan.iter().cloned());
        return emit(out, from, prefix, &full, comment);
    }
    // Each step keeps only the columns a later step or the outputs still read.
    let defined = |col: &str| col.rsplit(" AS ").next().unwrap_or("").trim().to_string();
    let steps: Vec<&Vec<String>> = plan.iter().filter(|cols| !cols.is_empty()).collect();
    let first: Vec<String> = operands
        .iter()
        .map(|(name, expr)| format!("{expr} AS {name}"))
        .collect();
    let mut query = format!("SELECT {} OFFSET 0", first.join(", "));
    let mut live: Vec<String> = operands.iter().map(|(n, _)| n.clone()).collect();
    for (i, cols) in steps.iter().enumerate() {
        let later: Vec<&str> = steps[i + 1..]
            .iter()
            .flat_map(|c| c.iter().map(String::as_str))
            .chain(outputs.iter().map(String::as_str))
            .collect();
        let kept: Vec<String> = live
            .iter()
            .filter(|n| later.iter().any(|text| uses(text, n)))
            .cloned()
            .collect();
        let mut select: Vec<String> = kept.clone();
        select.extend(cols.iter().cloned());
        query = format!(
            "SELECT {}\n      FROM ({query}) AS {prefix}_{i} OFFSET 0",
            select.join(",\n        ")
        );
        live = kept;
        live.extend(cols.iter().map(|c| defined(c)));
    }
    let name = format!("{prefix}_fin");
    out.push_str(&format!("-- {comment}\n{name} AS (\n  SELECT {from}.*"));
    for o in outputs {
        out.push_str(&format!(", {prefix}_calcul.{o}"));
    }
    out.push_str(&format!(
        "\n  FROM {from} CROSS JOIN LATERAL ({query}) AS {prefix}_calcul\n),\n"
    ));
    name
}

/// Whether SQL `text` reads the column `name` (as a whole word).
fn uses(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}
