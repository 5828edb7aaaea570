//! `clause explain CODE`: the documented explanation of a diagnostic code.

use super::{FAILURE, OK};
use clause_compiler::Code;

pub fn run(code: &str) -> u8 {
    match Code::parse(code) {
        Some(code) => {
            out!("{}", code.explanation());
            OK
        }
        None => {
            errln!("erreur : code inconnu `{code}`");
            let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            errln!("codes connus : {}", codes.join(", "));
            FAILURE
        }
    }
}
