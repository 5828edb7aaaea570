//! Money as the JSON outputs write it (`"56250.00"`): shared by the report and its distribution.

use rust_decimal::Decimal;
use serde::Serialize;

/// A money amount as the JSON outputs write it: a decimal string with a dot and the cents.
pub fn money(amount: Decimal) -> Money {
    Money(amount)
}

/// Money that serializes as `clause eval`'s decimal strings (`"56250.00"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Money(pub Decimal);

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&clause_compiler::evaluate::result::euros(self.0))
    }
}
