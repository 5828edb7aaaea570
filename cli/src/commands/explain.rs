//! `clause explain CODE`: the documented explanation of a diagnostic code.

use super::{FAILURE, OK};
use clause_compiler::Code;

pub fn run(code: &str) -> u8 {
    match Code::parse(code) {
        Some(code) => {
            print!("{}", code.explanation());
            OK
        }
        None => {
            eprintln!("erreur : code inconnu `{code}`");
            let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            eprintln!("codes connus : {}", codes.join(", "));
            FAILURE
        }
    }
}
