//! The canonical formatter of `clause fmt` (owned by the formatter work; see issue 5).
