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
        shell_missing(name);
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
    airdate set  => Severance|Squid\ Game|The\ Bear|The\ Boys|--title|--network|--season|--status|--premiere|--airs|--next|--aired|--episodes|--reason|--creator|--cast|--tag|--note|--notes|--add-tag|--remove-tag|--add-cast|--remove-cast|--add-creator|--remove-creator|--finale|--tvmaze|--pin|--unpin|--on|--help|--file|--today|--tz|--color
    airdate list --network net => Netflix
    airdate list --tag thr => thriller
    ");
}

/// Titles that are hard to complete: a word other titles only contain, and `:`, `'`, `&`, `!`,
/// `?` and spaces, which shells read as something else unless quoted.
const HARD_TITLES: &str = r#"
[[show]]
title = "Severance"

[[show]]
title = "A Knight of the Seven Kingdoms"

[[show]]
title = "Alien: Earth"

[[show]]
title = "Daredevil: Born Again"

[[show]]
title = "The Handmaid's Tale"

[[show]]
title = "Law & Order"

[[show]]
title = "Jeopardy!"

[[show]]
title = "Who's Afraid?"
"#;

/// What TAB makes of each line in `shell`, an interactive shell on a pseudo-terminal (zsh's
/// zpty drives it): each line is typed, then TAB, then a key bound to write the line being
/// edited to a file. Empty when zsh or the shell is missing (outside CI).
fn typed_in(env: &TestEnv, shell: &str, lines: &[&str]) -> Vec<String> {
    let out = env.dir().join(format!("{shell}.lines"));
    let (start, setup) = match shell {
        "bash" => (
            "bash --norc --noprofile -i",
            format!(
                r#"PS1='> '; source <(airdate completions bash); bind -x '"\C-x": printf "%s\n" "$READLINE_LINE" >> {0}'; touch {0}.ready"#,
                out.display()
            ),
        ),
        "zsh" => (
            "zsh -f -i",
            format!(
                "PROMPT='> '; autoload -Uz compinit; compinit -u -D; source <(airdate completions zsh); \
                 _dump() {{ print -r -- \"$BUFFER\" >> {0} }}; zle -N _dump; bindkey '^X' _dump; touch {0}.ready",
                out.display()
            ),
        ),
        "fish" => (
            "fish --no-config -i",
            format!(
                "function _dump; commandline >> {0}; end; bind \\cx _dump; airdate completions fish | source; touch {0}.ready",
                out.display()
            ),
        ),
        _ => unreachable!("a shell of the tests"),
    };
    let driver = r#"
zmodload zsh/zpty
local out=$1 start=$2 setup=$3 line i n=0 screen
local -a lines
shift 3
zpty s "$start"
zpty -w s "$setup"
# Waits for $out.ready, or for $out to have $1 lines, reading what the shell writes meanwhile.
wait_for() {
    for i in {1..500}; do
        while zpty -rt s screen 2> /dev/null; do :; done
        if (( $1 )); then [[ -e $out ]] && lines=( "${(@f)$(<$out)}" ) && (( $#lines >= $1 )) && return
        else [[ -e $out.ready ]] && return; fi
        sleep 0.02
    done
}
wait_for 0
for line in "$@"; do
    zpty -w -n s "$line"$'\t'
    sleep 0.2
    zpty -w -n s $'\C-x'
    wait_for $(( ++n ))
    zpty -w -n s $'\C-u'
done
zpty -d s
"#;
    if Command::new(shell).arg("-c").arg("true").output().is_err() {
        shell_missing(shell);
        return Vec::new();
    }
    let Some(mut cmd) = self::shell(env, "zsh", &["-f", "-c", driver, "zsh"]) else {
        return Vec::new();
    };
    cmd.arg(&out).arg(start).arg(setup).args(lines);
    cmd.env("XDG_CONFIG_HOME", env.dir());
    stdout(cmd);
    let got = fs::read_to_string(&out).unwrap_or_default();
    got.lines().map(str::to_string).collect()
}

/// The words `shell` reads in `line`, one a line (`eval` of the completed line).
fn words_in(env: &TestEnv, shell: &str, line: &str) -> String {
    let script = match shell {
        "fish" => "eval set -l w $argv[1]; printf '%s\\n' $w",
        _ => r#"eval "set -- $1"; printf '%s\n' "$@""#,
    };
    let mut cmd = Command::new(shell);
    match shell {
        "fish" => cmd.args(["--no-config", "-c", script, line]),
        "zsh" => cmd.args(["-f", "-c", script, "zsh", line]),
        _ => cmd.args(["--norc", "--noprofile", "-c", script, "bash", line]),
    };
    cmd.env("XDG_CONFIG_HOME", env.dir());
    stdout(cmd)
}

/// Each typed line, what TAB made of it, and the title the shell reads back as the third word.
fn completed(shell: &str, lines: &[&str]) -> Option<String> {
    let env = TestEnv::with_file(HARD_TITLES);
    let got = typed_in(&env, shell, lines);
    if got.is_empty() {
        return None;
    }
    assert_eq!(got.len(), lines.len(), "{got:?}");
    Some(
        lines
            .iter()
            .zip(&got)
            .map(|(typed, line)| {
                let words = words_in(&env, shell, line);
                let title = words.lines().nth(2).unwrap_or_default();
                format!("{typed}  =>  {line}|  => {title}\n")
            })
            .collect(),
    )
}

/// What the tests of hard titles type: a prefix that other titles contain, then titles with
/// `:` (a word break for bash), in quotes, with `&`, `!` and `?`, and one found by a later word.
const HARD_LINES: &[&str] = &[
    "airdate show Sev",
    "airdate show kingd",
    "airdate show Alien:",
    r"airdate show Daredevil:\ B",
    "airdate show 'The Hand",
    r#"airdate show "The Hand"#,
    "airdate show law",
    "airdate show Jeo",
    "airdate show who",
    "airdate show dare",
];

fn shell_missing(name: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{name} is not installed; .ci/run installs it"
    );
    eprintln!("note: {name} is not installed; its completion test is skipped");
}

#[test]
fn bash_completes_hard_titles_to_words_bash_reads_back() {
    let Some(got) = completed("bash", HARD_LINES) else {
        return;
    };
    insta::assert_snapshot!(got, @r#"
    airdate show Sev  =>  airdate show Severance |  => Severance
    airdate show kingd  =>  airdate show A\ Knight\ of\ the\ Seven\ Kingdoms |  => A Knight of the Seven Kingdoms
    airdate show Alien:  =>  airdate show Alien:\ Earth |  => Alien: Earth
    airdate show Daredevil:\ B  =>  airdate show Daredevil:\ Born\ Again |  => Daredevil: Born Again
    airdate show 'The Hand  =>  airdate show 'The Handmaid'\''s Tale' |  => The Handmaid's Tale
    airdate show "The Hand  =>  airdate show "The Handmaid's Tale" |  => The Handmaid's Tale
    airdate show law  =>  airdate show Law\ \&\ Order |  => Law & Order
    airdate show Jeo  =>  airdate show Jeopardy\! |  => Jeopardy!
    airdate show who  =>  airdate show Who\'s\ Afraid\? |  => Who's Afraid?
    airdate show dare  =>  airdate show Daredevil\:\ Born\ Again |  => Daredevil: Born Again
    "#);
}

#[test]
fn zsh_completes_hard_titles_to_words_zsh_reads_back() {
    let Some(got) = completed("zsh", HARD_LINES) else {
        return;
    };
    insta::assert_snapshot!(got, @r#"
    airdate show Sev  =>  airdate show Severance |  => Severance
    airdate show kingd  =>  airdate show A\ Knight\ of\ the\ Seven\ Kingdoms |  => A Knight of the Seven Kingdoms
    airdate show Alien:  =>  airdate show Alien:\ Earth |  => Alien: Earth
    airdate show Daredevil:\ B  =>  airdate show Daredevil:\ Born\ Again |  => Daredevil: Born Again
    airdate show 'The Hand  =>  airdate show 'The Handmaid'\''s Tale' |  => The Handmaid's Tale
    airdate show "The Hand  =>  airdate show "The Handmaid's Tale" |  => The Handmaid's Tale
    airdate show law  =>  airdate show Law\ \&\ Order |  => Law & Order
    airdate show Jeo  =>  airdate show Jeopardy\! |  => Jeopardy!
    airdate show who  =>  airdate show Who\'s\ Afraid\? |  => Who's Afraid?
    airdate show dare  =>  airdate show Daredevil:\ Born\ Again |  => Daredevil: Born Again
    "#);
}

#[test]
fn fish_completes_hard_titles_to_words_fish_reads_back() {
    let Some(got) = completed("fish", HARD_LINES) else {
        return;
    };
    insta::assert_snapshot!(got, @r#"
    airdate show Sev  =>  airdate show Severance |  => Severance
    airdate show kingd  =>  airdate show A\ Knight\ of\ the\ Seven\ Kingdoms |  => A Knight of the Seven Kingdoms
    airdate show Alien:  =>  airdate show Alien:\ Earth |  => Alien: Earth
    airdate show Daredevil:\ B  =>  airdate show Daredevil:\ Born\ Again |  => Daredevil: Born Again
    airdate show 'The Hand  =>  airdate show 'The Handmaid\'s Tale' |  => The Handmaid's Tale
    airdate show "The Hand  =>  airdate show "The Handmaid's Tale" |  => The Handmaid's Tale
    airdate show law  =>  airdate show Law\ \&\ Order |  => Law & Order
    airdate show Jeo  =>  airdate show Jeopardy! |  => Jeopardy!
    airdate show who  =>  airdate show Who\'s\ Afraid\? |  => Who's Afraid?
    airdate show dare  =>  airdate show Daredevil:\ Born\ Again |  => Daredevil: Born Again
    "#);
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
    airdate renew  => Severance|Squid Game|The Bear|The Boys|--season|--note|--on|--help|--file|--today|--tz|--color
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
    airdate remove  => Severance|Squid Game|The Bear|The Boys|--yes|--help|--file|--today|--tz|--color
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
