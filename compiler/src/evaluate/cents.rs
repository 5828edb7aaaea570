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

/// Powers of ten that fit in 128 bits (10^38 < 2^127): a table, not `checked_pow`'s loop of
/// 128-bit products (three per prorated product of a row).
const POWERS_128: [u128; 39] = {
    let mut powers = [1u128; 39];
    let mut i = 1;
    while i < 39 {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

/// `2^96 × 10^d` for the `d` it fits 128 bits (up to 9): the bound below which a product keeps
/// 96 bits once `d` digits are dropped, read from a table (a prorated first year's product
/// tested it with a 128-bit `checked_mul` once or twice per row and mission).
const BOUNDS_96: [u128; 10] = {
    let mut bounds = [1u128 << 96; 10];
    let mut d = 1;
    while d < 10 {
        bounds[d] = bounds[d - 1] * 10;
        d += 1;
    }
    bounds
};

/// `2^96 × 10^d`, `None` past 128 bits (`(1 << 96).checked_mul(10^d)`).
#[inline]
fn bound_96(d: u32) -> Option<u128> {
    BOUNDS_96.get(d as usize).copied()
}

/// `10^n` when it fits 128 bits.
fn power_128(n: u32) -> Option<u128> {
    POWERS_128.get(n as usize).copied()
}

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
    product_in_cents(u128::from(x) * u128::from(y), scale)
}

/// A positive amount's mantissa and scale, unpacked once: a plan's whole-year variable part,
/// which a batch row multiplies by a rate at every year of every mission (`cent_product_in_cents`
/// unpacked and checked both factors at each product).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Factor {
    mantissa: u64,
    scale: u32,
}

impl Factor {
    /// `None` for a zero, a negative or a mantissa past 64 bits (`cent_product_in_cents` decides).
    pub fn of(a: Decimal) -> Option<Factor> {
        if a.is_zero() || !a.is_sign_positive() {
            return None;
        }
        Some(Factor {
            mantissa: u64::try_from(a.mantissa()).ok()?,
            scale: a.scale(),
        })
    }

    /// `cent_product_in_cents(a, b)` for the `a` this factor unpacks: the same cents, or `None`
    /// where it gives `None`.
    #[inline(always)]
    pub fn times_in_cents(self, b: Decimal) -> Option<i128> {
        let b = b.unpack();
        if (b.hi, b.mid, b.lo) == (0, 0, 0) {
            return Some(0);
        }
        let scale = self.scale + b.scale;
        // A negative rate, a scale past `Decimal`'s or a mantissa past 64 bits: as `None` there.
        if b.negative || scale > 28 || b.hi != 0 {
            return None;
        }
        let y = u64::from(b.mid) << 32 | u64::from(b.lo);
        product_in_cents(u128::from(self.mantissa) * u128::from(y), scale)
    }
}

/// The cents of a factor's products by the rates a batch nearly always reads (`0.00` to `1.00`
/// at two places, `0` and `1`), computed once with the plan: a mission year then looks its
/// variable part up instead of multiplying and dividing (`times_in_cents`, some 35 instructions
/// and a division, at every year of every mission of a row). The same cents: each entry is
/// `times_in_cents`' own.
#[derive(Debug, Clone, PartialEq)]
pub struct ByRate {
    /// Index `m`: the rate `m / 100` written at two places (mantissa `m`, scale 2).
    hundredths: [i64; 101],
    /// Index `m`: the rate `m` written without places (`0`, `1`).
    whole: [i64; 2],
}

impl ByRate {
    /// The table of `factor`, when every entry is a number of cents of 64 bits (`None`: the
    /// products stay computed).
    pub fn of(factor: Factor) -> Option<Box<ByRate>> {
        let cents = |mantissa: i64, scale: u32| {
            i64::try_from(factor.times_in_cents(Decimal::new(mantissa, scale))?).ok()
        };
        let mut table = Box::new(ByRate {
            hundredths: [0; 101],
            whole: [0; 2],
        });
        for (m, slot) in (0i64..).zip(table.hundredths.iter_mut()) {
            *slot = cents(m, 2)?;
        }
        for (m, slot) in (0i64..).zip(table.whole.iter_mut()) {
            *slot = cents(m, 0)?;
        }
        Some(table)
    }

    /// `factor.times_in_cents(rate)` for a rate the table holds (its sign, scale and mantissa
    /// tested: `0.5` at one place or `1.00` at two are other entries or none); `None` for any
    /// other rate.
    #[inline(always)]
    pub fn get(&self, rate: Decimal) -> Option<i64> {
        let rate = rate.unpack();
        if rate.negative || rate.hi != 0 || rate.mid != 0 {
            return None;
        }
        let table: &[i64] = match rate.scale {
            2 => &self.hundredths,
            0 => &self.whole,
            _ => return None,
        };
        table.get(rate.lo as usize).copied()
    }
}

/// The exact product `product` of two non-negative mantissas at `scale` (at most 28) rounded to
/// the cent, half up, when it is below 2^96 (a `Decimal`'s mantissa); `None` otherwise. Always
/// inlined, its rare cases apart (`wide_product_in_cents`): a batch row takes it at every year
/// of every mission, and the call cost as much as the product.
#[inline(always)]
fn product_in_cents(product: u128, scale: u32) -> Option<i128> {
    // Half up, as `positive_cents`: the product is positive; on 64 bits when it fits (no
    // 128-bit division).
    if let (Ok(small), Some(unit)) = (
        u64::try_from(product),
        POWERS.get(scale.wrapping_sub(2) as usize),
    ) {
        let (cents, rest) = (small / unit, small % unit);
        let cents = if rest >= unit - rest {
            cents + 1
        } else {
            cents
        };
        return Some(i128::from(cents));
    }
    wide_product_in_cents(product, scale)
}

/// `product_in_cents` for a product past 64 bits, or at two places or fewer.
#[inline(never)]
fn wide_product_in_cents(product: u128, scale: u32) -> Option<i128> {
    if product >= 1 << 96 {
        return None;
    }
    if scale <= 2 {
        return i128::try_from(product)
            .ok()?
            .checked_mul(10i128.pow(2 - scale));
    }
    let product = i128::try_from(product).ok()?;
    let unit = 10i128.checked_pow(scale - 2)?;
    let (cents, rest) = (product / unit, product % unit);
    Some(if rest * 2 >= unit { cents + 1 } else { cents })
}

/// `in_cents(to_cent(a * b))` for non-negative `a` and `b` on integers, rounding the product as
/// `Decimal`'s does when it exceeds 28 places or 96 bits (digits dropped half to even, over all
/// of them, rust_decimal's `Buf24::rescale`), then half up to the cent. A prorated first year's
/// variable part (`variable × r / L`, 28 places, times a rate) takes that double rounding.
/// `None` when the product is out of these integers' reach (then `Decimal` decides).
///
/// Both roundings come from one 128-bit division (a row pays several prorated first years: four
/// divisions each were 8 % of a dated row): the product `P` at scale `s` is split into its cents
/// `q` and the rest `r` below `U = 10^(s−2)`; dropping `d` digits half to even leaves
/// `round(r / 10^d)` above the cents, which reaches half a cent (`U / 2 / 10^d`) exactly when
/// `2r > U − 10^d`, or at a tie `2r = U − 10^d` that half to even rounds up (half a cent even
/// once `d` digits dropped: `s − d ≥ 4`).
pub fn rounded_product_in_cents(a: Decimal, b: Decimal) -> Option<i128> {
    if a.is_zero() || b.is_zero() {
        return Some(0);
    }
    if a.is_sign_negative() || b.is_sign_negative() {
        return None;
    }
    let (x, y) = (a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
    // Below 2^96 times below 2^32: the product fits 128 bits.
    if y >= 1 << 32 {
        return None;
    }
    let product = x.checked_mul(y)?;
    let scale = a.scale() + b.scale();
    let drop = dropped_digits(product, scale)?;
    let unit = power_128(drop)?;
    if drop > 0 {
        // A carry past 96 bits (`round(P / 10^d)` = 2^96, even: a tie rounds up to it) makes
        // `Decimal` rescale once more: left to it. `unit` is even.
        let limit = bound_96(drop).map(|bound| bound - unit / 2);
        if limit.is_some_and(|limit| product >= limit) {
            return None;
        }
    }
    let kept_scale = scale - drop;
    if kept_scale < 3 {
        // Whole cents once the digits are dropped: `round(P / 10^d)`, half to even.
        let (kept, rest) = (product / unit, product % unit);
        let half = unit / 2;
        let kept = if drop > 0 && (rest > half || (rest == half && kept % 2 == 1)) {
            kept + 1
        } else {
            kept
        };
        return i128::try_from(kept)
            .ok()?
            .checked_mul(10i128.pow(2 - kept_scale));
    }
    let cent = power_128(scale - 2)?;
    let cents = product / cent;
    let rest = product - cents * cent;
    // `2r` fits: `r < 10^(s−2) ≤ 10^38 < 2^127`.
    let (twice, threshold) = (rest * 2, cent - unit);
    let up = twice > threshold || (twice == threshold && kept_scale >= 4);
    i128::try_from(cents).ok().map(|c| c + i128::from(up))
}

/// How many digits `Decimal`'s product drops from the exact product `product` at `scale`: its
/// estimate from the bit length for a product over 96 bits, at least enough to bring the scale
/// to 28, one more while the rest does not fit 96 bits (`floor(P / 10^d) < 2^96` is
/// `P < 2^96 × 10^d`: no division). `None` when it would drop more than the scale.
fn dropped_digits(product: u128, scale: u32) -> Option<u32> {
    if product < 1 << 96 && scale <= 28 {
        return Some(0);
    }
    let mut drop = 0;
    if product >= 1 << 96 {
        let bits = 128 - product.leading_zeros();
        drop = (((bits - 97) * 77) >> 8) + 1;
        if drop > scale {
            return None;
        }
    }
    drop = drop.max(scale.saturating_sub(28));
    loop {
        let fits = match bound_96(drop) {
            Some(bound) => product < bound,
            None => true,
        };
        if fits {
            return Some(drop);
        }
        if drop >= scale {
            return None;
        }
        drop += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The integer product and its roundings give `Decimal`'s cents, on products that exceed
    /// 28 places or 96 bits (prorated shares of amounts times rates) and on exact ones.
    #[test]
    fn rounded_product_in_cents_is_decimals() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_f491_4f6c_dd1d)
        };
        let mut checked = 0;
        for _ in 0..200_000 {
            let amount = Decimal::new((next() % 50_000_000) as i64, (next() % 3) as u32);
            let remaining = Decimal::from(next() % 366 + 1);
            let length = Decimal::from(365 + next() % 2);
            let share = remaining / length;
            let variable = amount * share;
            let rate = match next() % 4 {
                0 => Decimal::ONE,
                1 => Decimal::new((next() % 101) as i64, 2),
                2 => Decimal::new((next() % 1001) as i64, 3),
                _ => Decimal::new((next() % 10_001) as i64, 4),
            };
            let expected = in_cents(to_cent(variable * rate));
            if let Some(cents) = rounded_product_in_cents(variable, rate) {
                assert_eq!(cents, expected, "{variable} × {rate}");
                checked += 1;
            }
        }
        // Nearly every product is computed on integers.
        assert!(checked > 199_000, "{checked}");
        // Ties: half to even when dropping digits, then half up to the cent.
        let tie = Decimal::from_i128_with_scale(123_450_000_000_000_000_000_000_005, 28);
        assert_eq!(
            rounded_product_in_cents(tie, Decimal::new(10, 1)),
            Some(in_cents(to_cent(tie * Decimal::new(10, 1))))
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(50_000))]

        /// Any non-negative product, of any size and scale (ties and carries included, the
        /// near-ties drawn on purpose): the integer cents are `Decimal`'s, or `None`.
        #[test]
        fn rounded_product_in_cents_is_decimals_everywhere(
            bits in 0u32..97,
            mantissa in proptest::prelude::any::<u128>(),
            tail in proptest::prelude::any::<bool>(),
            scale in 0u32..29,
            rate in proptest::prelude::any::<u32>(),
            rate_bits in 0u32..33,
            rate_scale in 0u32..29,
        ) {
            let mut x = mantissa & ((1u128 << bits) - 1);
            if tail {
                // Ending in …5000…: ties at every rounding.
                x = x / 10_000 * 10_000 + 5_000;
                x &= (1u128 << 96) - 1;
            }
            let y = u128::from(rate) & ((1u128 << rate_bits) - 1);
            let a = Decimal::from_i128_with_scale(x as i128, scale);
            let b = Decimal::from_i128_with_scale(y as i128, rate_scale);
            if let (Some(product), Some(cents)) = (a.checked_mul(b), rounded_product_in_cents(a, b)) {
                let rounded = product.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
                proptest::prop_assert_eq!(cents, in_cents(rounded), "{} × {}", a, b);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// A variable part unpacked once times any rate (zero, negative, past 64 bits or 28
        /// places included): the cents `cent_product_in_cents` gives, or its `None`.
        #[test]
        fn a_factor_gives_the_cents_of_its_product(
            x in proptest::prelude::any::<u64>(),
            x_bits in 1u32..65,
            scale in 0u32..29,
            y in proptest::prelude::any::<u128>(),
            y_bits in 0u32..97,
            rate_scale in 0u32..29,
            negative in proptest::prelude::any::<bool>(),
        ) {
            let x = x & (u64::MAX >> (64 - x_bits));
            let y = y & ((1u128 << y_bits) - 1);
            let a = Decimal::from_i128_with_scale(i128::from(x), scale);
            let mut b = Decimal::from_i128_with_scale(y as i128, rate_scale);
            b.set_sign_negative(negative);
            match Factor::of(a) {
                Some(factor) => proptest::prop_assert_eq!(
                    factor.times_in_cents(b), cent_product_in_cents(a, b), "{} × {}", a, b
                ),
                None => proptest::prop_assert!(a.is_zero()),
            }
        }
    }

    /// The table of bounds is `(1 << 96).checked_mul(10^d)` for every number of digits a
    /// product may drop.
    #[test]
    fn the_bounds_are_the_checked_products() {
        for d in 0..60 {
            let expected = power_128(d).and_then(|unit| (1u128 << 96).checked_mul(unit));
            assert_eq!(bound_96(d), expected, "{d}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// A factor's table of rates gives, for every rate it holds, `times_in_cents`' cents,
        /// and holds no other rate (other scales, negatives, past `1.00`: `None`).
        #[test]
        fn a_table_of_rates_gives_the_products_cents(
            x in proptest::prelude::any::<u64>(),
            x_bits in 1u32..65,
            scale in 0u32..29,
            m in 0i64..400,
            rate_scale in 0u32..5,
            negative in proptest::prelude::any::<bool>(),
        ) {
            let x = x & (u64::MAX >> (64 - x_bits));
            let a = Decimal::from_i128_with_scale(i128::from(x), scale);
            let mut rate = Decimal::new(m, rate_scale);
            rate.set_sign_negative(negative);
            let held = !rate.is_sign_negative()
                && ((rate_scale == 2 && m <= 100) || (rate_scale == 0 && m <= 1));
            if let Some(factor) = Factor::of(a) {
                match ByRate::of(factor) {
                    Some(table) => {
                        let expected = factor.times_in_cents(rate).filter(|_| held);
                        proptest::prop_assert_eq!(
                            table.get(rate).map(i128::from), expected, "{} × {}", a, rate
                        );
                    }
                    // Only a factor with a product out of reach (past 28 places or 64 bits)
                    // has none.
                    None => {
                        let out = |m: i64, s: u32| {
                            factor
                                .times_in_cents(Decimal::new(m, s))
                                .and_then(|c| i64::try_from(c).ok())
                                .is_none()
                        };
                        proptest::prop_assert!(
                            (0..=100).any(|m| out(m, 2)) || (0..=1).any(|m| out(m, 0)),
                            "{}", a
                        );
                    }
                }
            }
        }
    }

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
