//! The README's examples are true: each `$ airdate …` (and the opening `cargo run`) in its
//! console blocks is run, and the output it shows is what airdate prints.

use crate::common::TestEnv;

/// Console blocks of the README as (command line, expected output lines) pairs.
fn examples() -> Vec<(String, Vec<String>)> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut examples: Vec<(String, Vec<String>)> = Vec::new();
    let mut in_console = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_console = line == "```console";
            continue;
        }
        if !in_console {
            continue;
        }
        match line.strip_prefix("$ ") {
            Some(command) => examples.push((command.to_string(), Vec::new())),
            None => examples.last_mut().unwrap().1.push(line.to_string()),
        }
    }
    examples
}

/// Splits a command line as a shell would, for the simple quoting the README uses.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut started = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            ' ' if !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            _ => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

#[test]
fn readme_examples_print_what_the_readme_shows() {
    let examples = examples();
    assert!(examples.len() >= 8, "found only {examples:?}");
    let env = TestEnv::new();
    let manifest = env!("CARGO_MANIFEST_DIR");
    let mut ran = 0;
    for (line, expected) in examples {
        let words = words(&line);
        let args: Vec<String> = match words.first().map(String::as_str) {
            Some("airdate") => words[1..].to_vec(),
            // `cargo run -q -- ARGS` from the top of the repository.
            Some("cargo") if words[1] == "run" => {
                let at = words.iter().position(|w| w == "--").unwrap();
                words[at + 1..]
                    .iter()
                    .map(|w| match w.starts_with("examples/") {
                        true => format!("{manifest}/{w}"),
                        false => w.clone(),
                    })
                    .collect()
            }
            _ => continue,
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let stdout = env.ok(&args);
        if !expected.is_empty() {
            assert_eq!(stdout, expected.join("\n") + "\n", "`{line}`");
        }
        ran += 1;
    }
    assert!(ran >= 8, "ran only {ran} examples");
}
