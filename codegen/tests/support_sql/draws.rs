//! Rows drawn from a pool of texts per column (usual values, limits, refused ones) by a small
//! deterministic generator: the same rows on every run, so that a failure can be replayed.

/// A linear congruential generator (Knuth's MMIX constants): no dependency, same draws everywhere.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn pick<'a>(&mut self, pool: &[&'a str]) -> &'a str {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        pool[((self.0 >> 33) as usize) % pool.len()]
    }
}

/// `count` rows over `headers`, each cell drawn from `pool(header)`.
pub fn rows_for(
    headers: &[String],
    count: usize,
    seed: u64,
    pool: fn(&str) -> &'static [&'static str],
) -> Vec<Vec<String>> {
    let mut rng = Lcg(seed);
    (0..count)
        .map(|_| {
            headers
                .iter()
                .map(|h| {
                    // A column without values (crises, a deployment, a year's achievement)
                    // stays empty and leaves the draws of the others as they were.
                    if pool(h) == [""] {
                        return String::new();
                    }
                    // A case lacking an input is refused (issue 13): an empty cell is drawn
                    // twice in a row before it is kept, so that most rows are evaluated and
                    // compared, and refusals for a missing input still occur.
                    let first = rng.pick(pool(h));
                    if first.is_empty() {
                        rng.pick(pool(h)).to_string()
                    } else {
                        first.to_string()
                    }
                })
                .collect()
        })
        .collect()
}

/// The row of `headers` with the given cells, the others empty (a case written by hand).
pub fn hand_row(headers: &[String], cells: &[(&str, &str)]) -> Vec<String> {
    let mut row = vec![String::new(); headers.len()];
    for (header, value) in cells {
        let k = headers.iter().position(|h| h == header).expect("column");
        row[k] = (*value).into();
    }
    row
}
