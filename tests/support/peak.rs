//! Runs a command and measures its wall time and peak resident memory (`VmHWM`, polled from
//! `/proc` every 2 ms), for the end-to-end benchmarks.

use std::process::{Command, ExitStatus};
use std::time::{Duration, Instant};

/// Wall time, peak resident memory in KiB, and the exit status.
pub fn run_with_peak(command: &mut Command) -> (Duration, u64, ExitStatus) {
    let started = Instant::now();
    let mut child = command.spawn().expect("command starts");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            if let Some(kib) = status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
            {
                peak = peak.max(kib);
            }
        }
        if let Some(status) = child.try_wait().expect("wait") {
            return (started.elapsed(), peak, status);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}
