//! `clause build`: the static site (written by the real binary).
