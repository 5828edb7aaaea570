//! The parallel driver of every batch: items are read on one thread, evaluated on several, and
//! handed back in input order. Bounded queues keep the memory constant whatever the input's
//! size. `clause eval --cases` streams CSV chunks through it; the benchmark, slices of cases.

use std::collections::BTreeMap;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Mutex};

/// Evaluates `work` on every item of `inputs` with `workers` threads and gives each result to
/// `sink` in the inputs' order. The first error, of the inputs or of the sink, stops the run
/// and is returned.
pub fn ordered_map<I, T, E, Inputs, Work, Sink>(
    inputs: Inputs,
    workers: usize,
    work: Work,
    mut sink: Sink,
) -> Result<(), E>
where
    I: Send,
    T: Send,
    E: Send,
    Inputs: Iterator<Item = Result<I, E>> + Send,
    Work: Fn(I) -> T + Sync,
    Sink: FnMut(T) -> Result<(), E>,
{
    let workers = workers.max(1);
    let (item_tx, item_rx) = sync_channel::<(u64, I)>(workers * 2);
    let (result_tx, result_rx) = sync_channel::<(u64, T)>(workers * 2);
    // A token per item read and not yet sunk: while one worker is descheduled (a loaded
    // machine), the others' results would pile up in the reorder buffer without bound.
    let (token_tx, token_rx) = sync_channel::<()>(workers * 4);
    // Shared by the workers only: when they have all stopped, the reader's sends fail.
    let item_rx = Arc::new(Mutex::new(item_rx));
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || -> Result<(), E> {
            for (sequence, item) in (0u64..).zip(inputs) {
                // A closed queue means the sink stopped: nothing more to read.
                if token_tx.send(()).is_err() || item_tx.send((sequence, item?)).is_err() {
                    break;
                }
            }
            Ok(())
        });
        for _ in 0..workers {
            let result_tx = result_tx.clone();
            let item_rx: Arc<Mutex<Receiver<(u64, I)>>> = Arc::clone(&item_rx);
            let work = &work;
            scope.spawn(move || loop {
                let next = item_rx.lock().map_or(None, |rx| rx.recv().ok());
                let Some((sequence, item)) = next else {
                    break;
                };
                if result_tx.send((sequence, work(item))).is_err() {
                    break;
                }
            });
        }
        drop(result_tx);
        drop(item_rx);
        // Results arrive in any order; they are handed on in the inputs'.
        let mut waiting = BTreeMap::new();
        let mut next = 0u64;
        let mut outcome = Ok(());
        for (sequence, result) in &result_rx {
            waiting.insert(sequence, result);
            while let Some(result) = waiting.remove(&next) {
                next += 1;
                // The item is done: the reader may read one more.
                let _ = token_rx.try_recv();
                if let Err(error) = sink(result) {
                    outcome = Err(error);
                    break;
                }
            }
            if outcome.is_err() {
                break;
            }
        }
        // Dropping the receiver stops the workers, whose failing sends stop the reader.
        drop(result_rx);
        drop(token_rx);
        let read = reader.join().unwrap_or(Ok(()));
        outcome.and(read)
    })
}

/// `out[i] = evaluate(&cases[i])` for every i, on all available cores.
pub fn map_into<C: Sync, T: Send>(cases: &[C], out: &mut [T], evaluate: impl Fn(&C) -> T + Sync) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let piece = cases.len().div_ceil(cores.max(1)).max(1);
    let mut slots = out.chunks_mut(piece);
    let pieces = cases.chunks(piece).map(Ok::<_, ()>);
    let _ = ordered_map(
        pieces,
        cores,
        |piece: &[C]| piece.iter().map(&evaluate).collect::<Vec<T>>(),
        |results| {
            if let Some(slots) = slots.next() {
                for (slot, result) in slots.iter_mut().zip(results) {
                    *slot = result;
                }
            }
            Ok(())
        },
    );
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

    #[test]
    fn results_come_back_in_input_order_and_errors_stop_the_run() {
        let inputs = (0..1_000u32).map(Ok::<_, String>);
        let mut seen = Vec::new();
        let result = super::ordered_map(
            inputs,
            3,
            |n| n + 1,
            |n| {
                seen.push(n);
                if n == 500 {
                    Err("stop".to_string())
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result, Err("stop".to_string()));
        assert_eq!(seen, (1..=500).collect::<Vec<_>>());
        let failing = (0..10u32).map(|n| if n == 7 { Err(n) } else { Ok(n) });
        assert_eq!(super::ordered_map(failing, 2, |n| n, |_| Ok(())), Err(7));
    }
}
