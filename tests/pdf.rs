//! The PDF a legal team attaches to a circular: `clause doc VERSION --format pdf` run as a user
//! runs it, read back with poppler's `pdftotext` (Debian `poppler-utils`, installed by
//! tests/run.sh): every figure of source 001's funding table sits in its row, in band order;
//! the metadata carry the title; every page is rendered to PNG (`pdftoppm`) and kept under
//! `target/tmp/pdf-pages/` as an artifact to look at.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn pdf_of(version: &str, out: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(["doc", version, "--format", "pdf", "--out"])
        .arg(out)
        .current_dir(root())
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn tool(name: &str, args: &[&str]) -> String {
    let output = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (Debian poppler-utils) is needed: {e}"));
    assert!(output.status.success(), "{name} failed");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// Spaces of every kind (narrow no-break between thousands, no-break before `€`) as one space.
fn plain(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

#[test]
fn the_pdf_of_the_signed_agreement_has_source_001_table_figure_for_figure() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf-pages");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("folder");
    let pdf = dir.join("aci_cpts_2019.pdf");
    pdf_of("aci_cpts_2019", &pdf);
    let path = pdf.to_str().expect("UTF-8 path");
    let bytes = std::fs::read(&pdf).expect("written");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");

    let text = plain(&tool("pdftotext", &["-layout", path, "-"]));
    let lines: Vec<&str> = text.lines().collect();
    // Source 001, slide 9: one column per envelope, one row per band (< 40 000, 40 000 to
    // 80 000, 80 000 to 175 000, > 175 000). In the PDF each envelope is a row, bands in order.
    let table = [
        (
            "Rémunération du fonctionnement",
            ["50 000", "60 000", "75 000", "90 000"],
        ),
        ("Accès aux soins", ["40 000", "47 000", "65 000", "80 000"]),
        (
            "régulation des SNP",
            ["35 000", "45 000", "55 000", "70 000"],
        ),
        (
            "Coordination des parcours",
            ["50 000", "70 000", "90 000", "100 000"],
        ),
        ("Prévention", ["20 000", "30 000", "35 000", "40 000"]),
        (
            "Qualité et pertinence",
            ["15 000", "20 000", "30 000", "40 000"],
        ),
        (
            "Accompagnement des professionnels",
            ["10 000", "15 000", "20 000", "30 000"],
        ),
        // The total « compris entre 220 000 € et 450 000 € », per band.
        (
            "Total annuel maximum",
            ["220 000", "287 000", "370 000", "450 000"],
        ),
    ];
    for (label, figures) in table {
        let row = format!(
            "{} € {} € {} € {} €",
            figures[0], figures[1], figures[2], figures[3]
        );
        let found = lines.iter().enumerate().any(|(i, line)| {
            let squeezed = line.split_whitespace().collect::<Vec<_>>().join(" ");
            // The label may wrap: its first words are on the figures' line or just above.
            let near = lines[i.saturating_sub(2)..=i].join(" ");
            squeezed.contains(&row) && near.contains(label)
        });
        assert!(found, "{label}: {row} not found in its row\n{text}");
    }
    assert!(text.contains("Accord conventionnel interprofessionnel CPTS"));
    assert!(text.contains("page 1 sur"), "page numbers in the footer");

    let info = tool("pdfinfo", &[path]);
    assert!(
        info.contains("Title:") && info.contains("Accord conventionnel interprofessionnel CPTS"),
        "{info}"
    );
    let fonts = tool("pdffonts", &[path]);
    assert!(
        fonts.lines().skip(2).all(|l| l.contains(" yes ")),
        "every font embedded\n{fonts}"
    );

    // Every page as PNG, kept as an artifact.
    let prefix = dir.join("aci_cpts_2019");
    tool(
        "pdftoppm",
        &["-png", "-r", "60", path, prefix.to_str().expect("path")],
    );
    let pages = std::fs::read_dir(&dir)
        .expect("pages")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "png"))
        })
        .count();
    assert!(pages >= 2, "{pages} pages rendered");
}
