//! Reference documents of one version: HTML, Markdown, CSV (issue 4).
