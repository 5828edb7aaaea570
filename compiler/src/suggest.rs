//! "Did you mean": the closest known name to a misspelt one.

/// The candidate closest to `name`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let length = name.chars().count();
    let limit = (length / 3).max(2);
    let lowered = name.to_lowercase();
    candidates
        .into_iter()
        .filter(|candidate| *candidate != name)
        // The distance is at least the difference of lengths: skip those too far to be a typo.
        .filter(|candidate| candidate.chars().count().abs_diff(length) <= limit)
        .map(|candidate| {
            (
                strsim::damerau_levenshtein(&lowered, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, _)| *distance <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_closest_name_within_a_typo_distance() {
        let names = ["fonctionnement", "parcours", "prevention"];
        assert_eq!(did_you_mean("fonctionement", names), Some("fonctionnement"));
        assert_eq!(did_you_mean("parcour", names), Some("parcours"));
        assert_eq!(did_you_mean("zzz", names), None);
    }
}
