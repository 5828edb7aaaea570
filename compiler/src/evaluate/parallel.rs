//! Evaluates many cases on every core: the slice is cut in one piece per core, each piece
//! written by its own thread into its own part of the output.

/// `out[i] = evaluate(&cases[i])` for every i, on all available cores.
pub fn map_into<C: Sync, T: Send>(cases: &[C], out: &mut [T], evaluate: impl Fn(&C) -> T + Sync) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let piece = cases.len().div_ceil(cores.max(1)).max(1);
    std::thread::scope(|scope| {
        for (cases, out) in cases.chunks(piece).zip(out.chunks_mut(piece)) {
            let evaluate = &evaluate;
            scope.spawn(move || {
                for (case, slot) in cases.iter().zip(out.iter_mut()) {
                    *slot = evaluate(case);
                }
            });
        }
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_case_lands_in_its_own_slot() {
        let cases: Vec<u64> = (0..10_001).collect();
        let mut out = vec![0u64; cases.len()];
        super::map_into(&cases, &mut out, |n| n * 2);
        assert!(out.iter().enumerate().all(|(i, v)| *v == 2 * i as u64));
    }
}
