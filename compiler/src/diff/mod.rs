//! Comparison of two versions by meaning (issue 4).
