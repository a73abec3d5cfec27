//! The README's examples are true, and so are those of the pages in docs/: each `$ airdate …`
//! (and the opening `cargo run`) in their console blocks is run, and the output it shows is
//! what airdate prints. Each page starts from an empty watchlist of its own.

use std::path::PathBuf;

use crate::common::TestEnv;

/// README.md, then every docs/*.md in name order, as (path from the top, text) pairs.
fn pages() -> Vec<(String, String)> {
    let manifest = env!("CARGO_MANIFEST_DIR");
    let read = |path: &str| std::fs::read_to_string(format!("{manifest}/{path}")).unwrap();
    let mut docs: Vec<PathBuf> = std::fs::read_dir(format!("{manifest}/docs"))
        .map(|entries| entries.map(|entry| entry.unwrap().path()).collect())
        .unwrap_or_default();
    docs.retain(|path| path.extension().is_some_and(|ext| ext == "md"));
    docs.sort();
    let mut pages = vec![("README.md".to_string(), read("README.md"))];
    for path in docs {
        let name = format!("docs/{}", path.file_name().unwrap().to_string_lossy());
        let text = read(&name);
        pages.push((name, text));
    }
    pages
}

/// Console blocks of a page as (command line, expected output lines) pairs.
fn examples(page: &str, text: &str) -> Vec<(String, Vec<String>)> {
    let mut examples: Vec<(String, Vec<String>)> = Vec::new();
    let mut in_console = false;
    for line in text.lines() {
        if line.starts_with("```") {
            in_console = line == "```console";
            continue;
        }
        if !in_console {
            continue;
        }
        match line.strip_prefix("$ ") {
            Some(command) => examples.push((command.to_string(), Vec::new())),
            None => examples
                .last_mut()
                .unwrap_or_else(|| panic!("{page}: a console block must begin with `$ `"))
                .1
                .push(line.to_string()),
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

/// Runs a page's examples in a fresh environment; the number run.
fn run_examples(page: &str, examples: Vec<(String, Vec<String>)>) -> usize {
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
            assert_eq!(stdout, expected.join("\n") + "\n", "{page}: `{line}`");
        }
        ran += 1;
    }
    ran
}

#[test]
fn readme_examples_print_what_the_readme_shows() {
    let pages = pages();
    let mut docs_ran = 0;
    for (page, text) in &pages {
        let examples = examples(page, text);
        if page == "README.md" {
            assert!(examples.len() >= 8, "README.md: found only {examples:?}");
            let ran = run_examples(page, examples);
            assert!(ran >= 8, "README.md: ran only {ran} examples");
        } else {
            docs_ran += run_examples(page, examples);
        }
    }
    assert!(
        docs_ran >= 1,
        "the docs/ pages' console blocks ran no example (pages: {:?})",
        pages.iter().map(|(page, _)| page).collect::<Vec<_>>()
    );
}
