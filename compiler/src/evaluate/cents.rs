//! Money to the cent on integers: the rounding of a payment (`to_cent`, half away from zero,
//! the bits of `Decimal::round_dp`) and the rounded product of two amounts (`cent_product`),
//! without `Decimal`'s division loops when 64-bit integers suffice.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds a payment to the cent, half away from zero.
pub fn to_cent(amount: Decimal) -> Decimal {
    let scale = amount.scale();
    if scale <= 2 {
        return amount;
    }
    // A positive amount rounded on its integer mantissa: the same bits as `round_dp` (the
    // cents, scale 2), without its division loops. Negatives keep `round_dp` (its signed zero).
    let mantissa = amount.mantissa();
    if mantissa > 0 {
        if let Some(cents) = positive_cents(mantissa, scale) {
            return cents;
        }
    }
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Powers of ten that fit in 64 bits.
pub(super) const POWERS: [u64; 20] = {
    let mut powers = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

/// A positive mantissa at `scale` (more than 2) rounded to the cent, half up, on 64-bit
/// integers when they suffice, else on 128-bit ones.
fn positive_cents(mantissa: i128, scale: u32) -> Option<Decimal> {
    let unit = POWERS.get(scale as usize - 2).copied();
    if let (Ok(small), Some(unit)) = (u64::try_from(mantissa), unit) {
        let (cents, rest) = (small / unit, small % unit);
        let cents = if rest >= unit - rest {
            cents + 1
        } else {
            cents
        };
        return i64::try_from(cents).ok().map(|c| Decimal::new(c, 2));
    }
    let unit = 10i128.checked_pow(scale - 2)?;
    let (cents, rest) = (mantissa / unit, mantissa % unit);
    let cents = if rest * 2 >= unit { cents + 1 } else { cents };
    Some(Decimal::from_i128_with_scale(cents, 2))
}

/// `to_cent(a * b)`, the same bits, on integers when the product of two non-negative amounts
/// is exact in a `Decimal` (96-bit mantissa, scale up to 28): what most payments compute.
pub fn cent_product(a: Decimal, b: Decimal) -> Decimal {
    // `Decimal`'s product of a zero is `Decimal::ZERO`, which `to_cent` keeps.
    if a.is_zero() || b.is_zero() {
        return Decimal::ZERO;
    }
    let scale = a.scale() + b.scale();
    if a.is_sign_positive() && b.is_sign_positive() && scale <= 28 {
        if let (Ok(x), Ok(y)) = (u64::try_from(a.mantissa()), u64::try_from(b.mantissa())) {
            let product = u128::from(x) * u128::from(y);
            if product < 1 << 96 {
                if let Ok(product) = i128::try_from(product) {
                    // At most two places: the exact product, which `to_cent` keeps.
                    if scale <= 2 {
                        return Decimal::from_i128_with_scale(product, scale);
                    }
                    if let Some(cents) = positive_cents(product, scale) {
                        return cents;
                    }
                }
            }
        }
    }
    to_cent(a * b)
}

/// A payment in cents: every payment is rounded to the cent (`to_cent`) or a difference of two
/// such amounts, so its scale is at most 2.
pub fn in_cents(amount: Decimal) -> i128 {
    let amount = to_cent(amount);
    amount.mantissa() * 10i128.pow(2 - amount.scale().min(2))
}

/// `in_cents(cent_product(a, b))` on integers alone when the product is exact in a `Decimal`
/// (the path of `cent_product` that needs no `Decimal` product): what the batch adds for a
/// variable part, without making the `Decimal` it would not show. `None` otherwise.
pub fn cent_product_in_cents(a: Decimal, b: Decimal) -> Option<i128> {
    if a.is_zero() || b.is_zero() {
        return Some(0);
    }
    let scale = a.scale() + b.scale();
    if !(a.is_sign_positive() && b.is_sign_positive() && scale <= 28) {
        return None;
    }
    let (x, y) = (
        u64::try_from(a.mantissa()).ok()?,
        u64::try_from(b.mantissa()).ok()?,
    );
    let product = u128::from(x) * u128::from(y);
    if product >= 1 << 96 {
        return None;
    }
    if scale <= 2 {
        return i128::try_from(product)
            .ok()?
            .checked_mul(10i128.pow(2 - scale));
    }
    // Half up, as `positive_cents`: the product is positive; on 64 bits when it fits (no
    // 128-bit division).
    if let (Ok(small), Some(unit)) = (u64::try_from(product), POWERS.get(scale as usize - 2)) {
        let (cents, rest) = (small / unit, small % unit);
        let cents = if rest >= unit - rest {
            cents + 1
        } else {
            cents
        };
        return Some(i128::from(cents));
    }
    let product = i128::try_from(product).ok()?;
    let unit = 10i128.checked_pow(scale - 2)?;
    let (cents, rest) = (product / unit, product % unit);
    Some(if rest * 2 >= unit { cents + 1 } else { cents })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `to_cent` and `parse_decimal`'s byte path give the bits of `round_dp` and `from_str`.
    #[test]
    fn fast_paths_match_rust_decimal() {
        use std::str::FromStr;
        for text in [
            "0",
            "0.004",
            "0.005",
            "0.015",
            "-0.005",
            "-0.001",
            "1",
            "1.50",
            "0,85",
            "1250",
            "12345.6789",
            "7.995",
            "0.0000000000000000000000000005",
            "99999999999999.999",
            "-12.345",
            "00.50",
            "1.",
            ".5",
            "1 250",
            "+3",
            "1e3",
            "",
        ] {
            let exact = Decimal::from_str(&text.replace(',', ".")).ok();
            let plain = super::super::cells::plain_decimal(text.as_bytes());
            if let Some(plain) = plain {
                assert_eq!(
                    Some(plain.serialize()),
                    exact.map(|d| d.serialize()),
                    "{text}"
                );
            }
            if let Some(d) = exact {
                let rounded = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
                assert_eq!(to_cent(d).serialize(), rounded.serialize(), "{text}");
                let product = d * Decimal::new(333, 3);
                let rounded =
                    product.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
                assert_eq!(
                    to_cent(product).serialize(),
                    rounded.serialize(),
                    "{text} × 0.333"
                );
                for factor in [
                    "0.75",
                    "0.333",
                    "1",
                    "0",
                    "0.5",
                    "1.25",
                    "0.0000001",
                    "2",
                    "0.00",
                    "1.0",
                ] {
                    let factor = Decimal::from_str(factor).expect("a factor");
                    assert_eq!(
                        cent_product(d, factor).serialize(),
                        to_cent(d * factor).serialize(),
                        "{text} × {factor}"
                    );
                    if let Some(cents) = cent_product_in_cents(d, factor) {
                        assert_eq!(
                            cents,
                            in_cents(cent_product(d, factor)),
                            "{text} × {factor}"
                        );
                    }
                }
            }
        }
    }
}
