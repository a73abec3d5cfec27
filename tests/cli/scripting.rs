//! Output that scripts can trust: CSV that parses back, quiet broken pipes, a man page.

use std::fmt::Write as _;
use std::process::Command;

use crate::common::{TestEnv, json};

#[test]
fn csv_parses_back_into_the_same_values() {
    let env = TestEnv::new();
    let title = "Love, Death & \"Robots\"";
    let notes = "Volume 4.\nSome say \"the best\", others disagree; a tab:\there.";
    let _ = env.ok(&[
        "add",
        title,
        "--network",
        "Netflix",
        "--season",
        "4",
        "--premiere",
        "2025-Q2",
        "--status",
        "hiatus",
        "--reason",
        "money, time",
        "--cast",
        "A, B",
        "--cast",
        "C",
        "--note",
        notes,
    ]);
    let _ = env.ok(&["add", "Plain", "--premiere", "2025-01-17"]);
    let from_json = json(&env.ok(&["list", "--json"]));

    for (format, delimiter) in [("csv", b','), ("tsv", b'\t')] {
        let text = env.ok(&["list", "--format", format]);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .quoting(format == "csv")
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2, "{format}");
        for (row, show) in rows.iter().zip(from_json.as_array().unwrap()) {
            for (key, field) in header.iter().zip(row.iter()) {
                let field = match format {
                    "tsv" => field.replace("\\n", "\n").replace("\\t", "\t"),
                    _ => field.to_string(),
                };
                let expected = match &show[key] {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Array(items) => items
                        .iter()
                        .map(|i| i.as_str().unwrap())
                        .collect::<Vec<_>>()
                        .join("; "),
                    other => other.to_string(),
                };
                assert_eq!(field, expected, "{format}: {key}");
            }
        }
    }
}

#[test]
fn a_closed_pipe_ends_airdate_quietly() {
    // Enough shows that the output outlasts the pipe's buffer, so airdate writes into a
    // closed pipe.
    let mut text = String::from("version = 1\n");
    for i in 0..3000 {
        let _ = write!(
            text,
            "\n[[show]]\ntitle = \"Show number {i:05} with a long title to fill the pipe\"\n\
             network = \"Network {i}\"\nseason = {}\npremiere = \"2025-Q{}\"\n",
            i % 9 + 1,
            i % 4 + 1
        );
    }
    let env = TestEnv::with_file(&text);
    for view in ["list", "list --json", "upcoming --format csv"] {
        let mut cmd = Command::new("bash");
        cmd.arg("-c").arg(format!(
            "\"$AIRDATE\" {view} | head -1; echo \"status ${{PIPESTATUS[0]}}\""
        ));
        let output = env_of(&env, &mut cmd).output().unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 2, "{view}: {stdout}");
        assert_eq!(lines[1], "status 0", "{view}");
        assert_eq!(stderr, "", "{view}: nothing on stderr");
    }
}

fn env_of<'a>(env: &TestEnv, cmd: &'a mut Command) -> &'a mut Command {
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("AIRDATE", env!("CARGO_BIN_EXE_airdate"))
        .env("AIRDATE_FILE", env.file())
        .env("AIRDATE_TODAY", &env.today)
}

#[test]
fn the_man_page_covers_every_command() {
    let env = TestEnv::new();
    let page = env.ok(&["man"]);
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH COMMANDS",
        ".SH FILES",
        ".SH ENVIRONMENT",
        ".SH \"EXIT STATUS\"",
        ".SH EXAMPLES",
    ] {
        assert!(page.contains(section), "{section} missing");
    }
    let commands = [
        "add",
        "set",
        "renew",
        "remove",
        "show",
        "list",
        "upcoming",
        "hiatus",
        "check",
        "path",
        "completions",
        "man",
    ];
    for command in commands {
        assert!(
            page.contains(&format!("\\fBairdate {command}")),
            "{command} missing"
        );
    }

    // Rendered by man(1) as a reader would see it.
    let rendered = Command::new("bash")
        .arg("-c")
        .arg("\"$AIRDATE\" man | MANWIDTH=80 man -l -")
        .env("AIRDATE", env!("CARGO_BIN_EXE_airdate"))
        .env("AIRDATE_FILE", env.file())
        .output();
    match rendered {
        Ok(output) if output.status.success() && !output.stdout.is_empty() => {
            let text = String::from_utf8_lossy(&output.stdout);
            for heading in ["NAME", "SYNOPSIS", "COMMANDS", "EXIT STATUS"] {
                assert!(text.contains(heading), "{heading} missing from\n{text}");
            }
            assert!(text.contains("airdate upcoming [OPTIONS]"), "{text}");
            assert!(text.contains("--within SPAN"), "{text}");
        }
        other => assert!(std::env::var_os("CI").is_none(), "man -l failed: {other:?}"),
    }
}
