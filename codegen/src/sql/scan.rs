//! Scanning the generated SQL text: literals, comments and parentheses, for the passes that
//! rewrite the script after it is written (Spark's views and trims, the columns each step keeps).

/// The place after the literal that starts at `i`.
pub fn skip_literal(bytes: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 1;
            } else {
                return i + 1;
            }
        }
        i += 1;
    }
    i
}

/// The place of the newline that ends the comment (`--`) starting at `i`, or the end.
pub fn skip_comment(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i] != b'\n' {
        i += 1;
    }
    i
}

/// The first comma of `text[from..end]` outside parentheses and literals.
pub fn top_comma(text: &str, from: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = from;
    while i < end {
        match bytes[i] {
            b'\'' => {
                i = skip_literal(bytes, i);
                continue;
            }
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// `name AS (\n` (or `name AS MATERIALIZED (\n`) at the start of `text`: the name and where
/// the step's query starts.
pub fn step_start(text: &str) -> Option<(&str, usize)> {
    let (name, rest) = text.split_once(" AS (\n")?;
    let simple = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    simple.then(|| (name, text.len() - rest.len()))
}

/// The place of the parenthesis that closes the one open before `from`, skipping literals
/// (`'…'`, a quote doubled) and comments (`--` to the line's end).
pub fn closing(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 1usize;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => {
                i = skip_literal(bytes, i);
                continue;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = skip_comment(bytes, i);
                continue;
            }
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// One step of the chain: its comment lines, its name, its query (without the parentheses).
pub struct Step<'a> {
    pub comments: &'a str,
    pub name: &'a str,
    pub query: String,
    /// Whether `,\n` follows it (the last step of a WITH is followed by the final SELECT).
    pub comma: bool,
}

/// The steps of `body` (as after `WITH`: `name AS (…),` …) and what follows them (the final
/// SELECT); no step when `body` does not start with one; None when a step's parenthesis is not
/// closed.
pub fn steps(body: &str) -> Option<(Vec<Step<'_>>, &str)> {
    let bytes = body.as_bytes();
    let mut steps = Vec::new();
    let mut i = 0;
    loop {
        // The comment lines before a step are its own.
        let comments_start = i;
        while i < bytes.len() && (body[i..].starts_with("--") || bytes[i] == b'\n') {
            i = body[i..].find('\n').map_or(bytes.len(), |n| i + n + 1);
        }
        let Some((name, open)) = step_start(&body[i..]) else {
            return Some((steps, &body[comments_start..]));
        };
        let query_start = i + open;
        let end = closing(body, query_start)?;
        let comma = body[end + 1..].starts_with(",\n");
        steps.push(Step {
            comments: &body[comments_start..i],
            name,
            query: body[query_start..end].to_string(),
            comma,
        });
        i = end + 1;
        if comma {
            i += 2;
        } else {
            return Some((steps, &body[i..]));
        }
    }
}
