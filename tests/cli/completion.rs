//! Shell completion in the real shells: bash, zsh and fish source `airdate completions SHELL`
//! and complete commands, statuses and the titles of the watchlist in use.
//!
//! zsh and fish are installed by `.ci/run`; elsewhere a missing shell skips its test with a
//! note, except under CI, where it fails.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use crate::common::TestEnv;

const WATCHLIST: &str = r#"
[[show]]
title = "Severance"
network = "Apple TV+"
season = 2
tags = ["drama"]

[[show]]
title = "Squid Game"
network = "Netflix"
tags = ["thriller"]

[[show]]
title = "The Bear"
network = "FX"

[[show]]
title = "The Boys"
network = "Prime Video"
"#;

fn env() -> TestEnv {
    TestEnv::with_file(WATCHLIST)
}

/// A shell run with airdate on its PATH and the test watchlist in `AIRDATE_FILE`; `None` when
/// the shell is not installed (outside CI).
fn shell(env: &TestEnv, name: &str, args: &[&str]) -> Option<Command> {
    if Command::new(name).arg("-c").arg("true").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is not installed; .ci/run installs it"
        );
        eprintln!("note: {name} is not installed; its completion test is skipped");
        return None;
    }
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_airdate"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = Command::new(name);
    cmd.args(args)
        .env_clear()
        .env("PATH", path)
        .env("HOME", env.dir())
        .env("AIRDATE_FILE", env.file())
        .env("TERM", "dumb")
        .current_dir(env.dir());
    Some(cmd)
}

fn stdout(mut cmd: Command) -> String {
    let output = cmd.output().expect("the shell runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// Candidates per completed line, as `line => a|b|c`, in the order the shell offers them.
fn report(lines: &[&str], candidates: impl Fn(&str) -> Vec<String>) -> String {
    lines
        .iter()
        .map(|line| format!("{line} => {}\n", candidates(line).join("|")))
        .collect()
}

#[test]
fn bash_completes_commands_statuses_and_titles() {
    let env = env();
    // Calls the registered function as bash's programmable completion does and prints what
    // it would insert, one candidate per line.
    let harness = r#"
source <(airdate completions bash)
IFS=' ' read -r -a COMP_WORDS <<< "$1"
[[ $1 == *' ' ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; COMP_TYPE=9
_clap_complete_airdate airdate "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"#;
    let script = env.dir().join("harness.bash");
    fs::write(&script, harness).unwrap();
    let complete = |line: &str| -> Vec<String> {
        let Some(mut cmd) = shell(&env, "bash", &["--norc", "--noprofile"]) else {
            return Vec::new();
        };
        cmd.arg(&script).arg(line);
        stdout(cmd).lines().map(str::to_string).collect()
    };
    if complete("airdate up").is_empty() && std::env::var_os("CI").is_none() {
        return;
    }
    let got = report(
        &[
            "airdate up",
            "airdate list --status on-",
            "airdate show Se",
            "airdate show se",
            "airdate show The",
            "airdate set ",
            "airdate list --network net",
            "airdate list --tag thr",
        ],
        complete,
    );
    insta::assert_snapshot!(got, @r"
    airdate up => upcoming
    airdate list --status on- => on-hiatus
    airdate show Se => Severance
    airdate show se => Severance
    airdate show The => The\ Bear|The\ Boys
    airdate set  => Severance|Squid\ Game|The\ Bear|The\ Boys|--title|--network|--season|--status|--premiere|--reason|--creator|--cast|--tag|--note|--notes|--add-tag|--remove-tag|--add-cast|--remove-cast|--add-creator|--remove-creator|--finale|--tvmaze|--pin|--unpin|--on|--help|--file|--today|--color
    airdate list --network net => Netflix
    airdate list --tag thr => thriller
    ");
}

#[test]
fn bash_completion_of_a_title_with_spaces_is_one_word() {
    let env = env();
    let harness = r#"
source <(airdate completions bash)
COMP_WORDS=(airdate show "The B"); COMP_CWORD=2; COMP_LINE='airdate show The\ B'
COMP_POINT=${#COMP_LINE}; COMP_TYPE=9
_clap_complete_airdate airdate 'The\ B' show
eval "set -- ${COMPREPLY[0]}"
echo "$# word: $1"
"#;
    let Some(mut cmd) = shell(&env, "bash", &["--norc", "--noprofile", "-c", harness]) else {
        return;
    };
    cmd.arg("bash");
    assert_eq!(stdout(cmd), "1 word: The Bear\n");
}

#[test]
fn bash_offers_no_titles_and_no_error_for_a_broken_watchlist() {
    let env = env();
    env.write("this is not toml [[[");
    let harness = r#"
source <(airdate completions bash)
COMP_WORDS=(airdate show S); COMP_CWORD=2; COMP_LINE='airdate show S'; COMP_POINT=14; COMP_TYPE=9
_clap_complete_airdate airdate S show
echo "${#COMPREPLY[@]} candidates"
"#;
    let Some(mut cmd) = shell(&env, "bash", &["--norc", "--noprofile", "-c", harness]) else {
        return;
    };
    let output = cmd.output().unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), "0 candidates\n");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn titles_come_from_the_file_named_on_the_line() {
    let env = env();
    let other = env.dir().join("other.toml");
    fs::write(&other, "[[show]]\ntitle = \"Silo\"\n").unwrap();
    let harness = r#"
source <(airdate completions bash)
read -r -a COMP_WORDS <<< "$1"; COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; COMP_TYPE=9
_clap_complete_airdate airdate "${COMP_WORDS[COMP_CWORD]}" x
printf '%s\n' "${COMPREPLY[@]}"
"#;
    for line in [
        format!("airdate --file {} show S", other.display()),
        format!("airdate show -f {} S", other.display()),
    ] {
        let Some(mut cmd) = shell(&env, "bash", &["--norc", "--noprofile", "-c", harness]) else {
            return;
        };
        cmd.arg("bash").arg(&line);
        assert_eq!(stdout(cmd), "Silo\n", "{line}");
    }
}

#[test]
fn zsh_completes_commands_statuses_and_titles() {
    let env = env();
    // An interactive zsh in a pseudo-terminal, with the real completion system: TAB is typed,
    // and every match zsh adds is recorded.
    let driver = r#"
zmodload zsh/zpty
local out=$1 i
zpty z 'zsh -f -i'
zpty -w z "PROMPT='> '; autoload -Uz compinit; compinit -u -D; source <(airdate completions zsh)"
zpty -w z "compadd () { local -a hits; builtin compadd -O hits \"\$@\"; print -rl -- \$hits >> ${(q)out}; builtin compadd \"\$@\" }"
zpty -w z "print ready > ${(q)out}.ready"
for i in {1..500}; do [[ -e $out.ready ]] && break; sleep 0.02; done
zpty -w -n z "$2"$'\t'
zpty -w z $'\C-u'"print done > ${(q)out}.done"
for i in {1..500}; do [[ -e $out.done ]] && break; sleep 0.02; done
zpty -d z
[[ -e $out ]] && cat $out
"#;
    let script = env.dir().join("driver.zsh");
    fs::write(&script, driver).unwrap();
    let complete = |line: &str| -> Vec<String> {
        let Some(mut cmd) = shell(&env, "zsh", &["-f"]) else {
            return Vec::new();
        };
        let out = env.dir().join(format!("zsh-{}", line.len()));
        cmd.arg(&script).arg(&out).arg(line);
        let mut seen = Vec::new();
        for candidate in stdout(cmd).lines().filter(|c| !c.is_empty()) {
            if !seen.iter().any(|s| s == candidate) {
                seen.push(candidate.to_string());
            }
        }
        seen
    };
    if complete("airdate up").is_empty() && std::env::var_os("CI").is_none() {
        return;
    }
    let got = report(
        &[
            "airdate up",
            "airdate list --status on-",
            "airdate show Se",
            "airdate show se",
            "airdate show the\\ b",
            "airdate renew ",
        ],
        complete,
    );
    insta::assert_snapshot!(got, @r"
    airdate up => upcoming
    airdate list --status on- => on-hiatus
    airdate show Se => Severance
    airdate show se => Severance
    airdate show the\ b => The Bear|The Boys
    airdate renew  => Severance|Squid Game|The Bear|The Boys|--season|--note|--on|--help|--file|--today|--color
    ");
}

#[test]
fn fish_completes_commands_statuses_and_titles() {
    let env = env();
    let complete = |line: &str| -> Vec<String> {
        let script = format!("airdate completions fish | source; complete -C'{line}'");
        let Some(mut cmd) = shell(&env, "fish", &["--no-config", "-c", &script]) else {
            return Vec::new();
        };
        cmd.env("XDG_CONFIG_HOME", env.dir());
        stdout(cmd)
            .lines()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect()
    };
    if complete("airdate up").is_empty() && std::env::var_os("CI").is_none() {
        return;
    }
    let got = report(
        &[
            "airdate up",
            "airdate list --status on-",
            "airdate show Se",
            "airdate show se",
            "airdate show The\\ B",
            "airdate remove ",
        ],
        complete,
    );
    insta::assert_snapshot!(got, @r"
    airdate up => upcoming
    airdate list --status on- => on-hiatus
    airdate show Se => Severance
    airdate show se => Severance
    airdate show The\ B => The Bear|The Boys
    airdate remove  => Severance|Squid Game|The Bear|The Boys|--yes|--help|--file|--today|--color
    ");
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let run = env().run(&["completions", "tcsh"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("invalid value 'tcsh'"), "{run}");
}

/// The scripts in `completions/` are what the current binary prints. To bring them up to date:
/// `UPDATE_COMPLETIONS=1 cargo test --test cli completion`.
#[test]
fn committed_completion_scripts_are_current() {
    let env = env();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some();
    let mut stale = Vec::new();
    for (shell, file) in [
        ("bash", "airdate.bash"),
        ("zsh", "_airdate"),
        ("fish", "airdate.fish"),
        ("elvish", "airdate.elv"),
        ("powershell", "_airdate.ps1"),
    ] {
        let fresh = env.ok(&["completions", shell]);
        let path = dir.join(file);
        if update {
            fs::write(&path, &fresh).unwrap();
        } else if fs::read_to_string(&path).ok().as_deref() != Some(fresh.as_str()) {
            stale.push(format!("completions/{file}"));
        }
    }
    assert!(
        stale.is_empty(),
        "{} differ from `airdate completions`; regenerate them with\n    \
         UPDATE_COMPLETIONS=1 cargo test --test cli completion",
        stale.join(", ")
    );
}
