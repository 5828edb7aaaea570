//! The layout rules of the workspace's sources (issue 11), checked on every crate's `src`: no file
//! over 700 lines, a `//!` line atop each module, and no two modules of a crate importing each
//! other. A module is a file; an import is a `crate::…`, `super::…` or `self::…` path (in `use`
//! lines and in code), test modules left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 700;

/// The workspace's crates with a `src` folder (the fuzz targets are a crate of their own too).
const CRATES: [&str; 9] = [
    "grammar",
    "compiler",
    "lsp",
    "cli",
    "codegen",
    "cost",
    "pdf",
    "tools/gen",
    "fuzz",
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("compiler/ est dans l'espace de travail")
        .to_path_buf()
}

/// Every source of every crate, as (crate, module path, file).
fn workspace_sources() -> Vec<(&'static str, Vec<String>, PathBuf)> {
    let root = workspace();
    let mut all = Vec::new();
    for krate in CRATES {
        let src = root.join(krate).join("src");
        assert!(src.is_dir(), "{} : dossier absent", src.display());
        all.extend(sources(&src).into_iter().map(|(m, p)| (krate, m, p)));
    }
    all
}

fn sources(root: &Path) -> Vec<(Vec<String>, PathBuf)> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src se lit") {
            let path = entry.expect("entrée lisible").path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(root).expect("sous src");
            let mut module: Vec<String> = relative
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(
                module.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                module.pop();
            }
            (module, path)
        })
        .collect()
}

/// The module paths a source names: `crate::a::b`, `super::x`, `self::y`, `crate::a::{b, c}`.
fn named_paths(module: &[String], source: &str) -> Vec<Vec<String>> {
    let code = source.split("#[cfg(test)]").next().unwrap_or(source);
    let mut found = Vec::new();
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(at) = ["crate::", "super::", "self::"]
            .iter()
            .filter_map(|head| rest.find(head).map(|i| (i, *head)))
            .min()
        {
            let (index, head) = at;
            let before = rest[..index].chars().next_back();
            rest = &rest[index + head.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let mut base: Vec<String> = match head {
                "crate::" => Vec::new(),
                "self::" => module.to_vec(),
                _ => module[..module.len().saturating_sub(1)].to_vec(),
            };
            let mut segments = Vec::new();
            let mut tail = rest;
            loop {
                let end = tail
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(tail.len());
                if end == 0 {
                    break;
                }
                segments.push(tail[..end].to_string());
                tail = &tail[end..];
                match tail.strip_prefix("::") {
                    Some(next) => tail = next,
                    None => break,
                }
            }
            while segments.first().is_some_and(|s| s == "super") {
                segments.remove(0);
                base.pop();
            }
            base.extend(segments);
            if let Some(group) = tail.strip_prefix('{') {
                for name in group.split('}').next().unwrap_or("").split(',') {
                    let name = name.trim().split("::").next().unwrap_or("").trim();
                    let mut path = base.clone();
                    path.push(name.to_string());
                    found.push(path);
                }
            } else {
                found.push(base);
            }
        }
    }
    found
}

#[test]
fn no_source_file_is_over_700_lines() {
    let long: Vec<String> = workspace_sources()
        .into_iter()
        .filter_map(|(_, _, path)| {
            let lines = std::fs::read_to_string(&path).ok()?.lines().count();
            (lines > MAX_LINES).then(|| format!("{} : {lines} lignes", path.display()))
        })
        .collect();
    assert!(long.is_empty(), "fichiers trop longs : {long:#?}");
}

#[test]
fn every_module_opens_with_a_line_saying_what_it_is() {
    let bare: Vec<String> = workspace_sources()
        .into_iter()
        .filter(|(_, _, path)| {
            let source = std::fs::read_to_string(path).unwrap_or_default();
            !source.trim_start().starts_with("//!")
        })
        .map(|(_, _, path)| path.display().to_string())
        .collect();
    assert!(bare.is_empty(), "modules sans ligne `//!` : {bare:#?}");
}

/// The pairs of modules of one crate that import each other.
fn mutual_imports(files: &[(Vec<String>, PathBuf)]) -> (MutualEdges, Vec<String>) {
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(m, _)| m.clone()).collect();
    let mut edges: MutualEdges = BTreeMap::new();
    for (module, path) in files {
        let source = std::fs::read_to_string(path).expect("source lisible");
        for named in named_paths(module, &source) {
            // The longest prefix of the path that is a module is the module imported.
            let target = (1..=named.len())
                .rev()
                .map(|n| named[..n].to_vec())
                .find(|prefix| modules.contains(prefix));
            if let Some(target) = target.filter(|t| t != module) {
                edges.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    let mut mutual = Vec::new();
    for (a, targets) in &edges {
        for b in targets {
            if a < b && edges.get(b).is_some_and(|back| back.contains(a)) {
                mutual.push(format!("{} <-> {}", a.join("::"), b.join("::")));
            }
        }
    }
    (edges, mutual)
}

type MutualEdges = BTreeMap<Vec<String>, BTreeSet<Vec<String>>>;

#[test]
fn no_two_modules_of_a_crate_import_each_other() {
    let all = workspace_sources();
    let mut mutual = Vec::new();
    for krate in CRATES {
        let files: Vec<(Vec<String>, PathBuf)> = all
            .iter()
            .filter(|(k, _, _)| *k == krate)
            .map(|(_, m, p)| (m.clone(), p.clone()))
            .collect();
        let (edges, pairs) = mutual_imports(&files);
        if krate == "compiler" {
            // The check reads real imports: `analysis` uses `resolve`, whatever the layout.
            assert!(edges
                .get(&vec!["analysis".to_string()])
                .is_some_and(|t| t.contains(&vec!["resolve".to_string()])));
        }
        mutual.extend(pairs.into_iter().map(|p| format!("{krate} : {p}")));
    }
    assert!(
        mutual.is_empty(),
        "modules qui s'importent l'un l'autre : {mutual:#?}"
    );
}
