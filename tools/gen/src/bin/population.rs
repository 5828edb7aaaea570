//! `population COUNT [SEED]`: prints a synthetic population of COUNT CPTS contracts for
//! `clause cost` (`cargo run -p clause-gen --bin population -- 1000 > cpts.csv`); every
//! assumption is stated in its `#` lines and in `clause_gen::population`.
#![forbid(unsafe_code)]

use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(count) = args
        .next()
        .and_then(|a| a.replace('_', "").parse::<usize>().ok())
    else {
        eprintln!("usage : population NOMBRE [GRAINE]   (par exemple population 1000 > cpts.csv)");
        return ExitCode::from(2);
    };
    let seed = args
        .next()
        .and_then(|a| a.parse::<u64>().ok())
        .unwrap_or(2019);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match clause_gen::population::write_population(&mut out, count, seed).and_then(|()| out.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not an error worth a message.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("écriture impossible : {error}");
            ExitCode::FAILURE
        }
    }
}
