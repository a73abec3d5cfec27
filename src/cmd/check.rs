use anyhow::{Result, anyhow};

use super::Context;

pub fn run(ctx: &Context) -> Result<()> {
    let report = ctx.store.check()?;
    report.say_all();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let errors = report.errors().count();
    if errors > 0 {
        return Err(anyhow!(
            "`{}` has {}; fix {} and run `airdate check` again",
            report.path.display(),
            plural(errors, "problem"),
            if errors == 1 { "it" } else { "them" }
        ));
    }
    // Facts that went stale: not problems in the file, but worth a look.
    for note in report.shows.iter().filter_map(|s| s.stale(ctx.today)) {
        crate::term::say(&format!("warning: {}: {note}", report.path.display()));
    }
    ctx.print(&format!(
        "`{}`: {}, no problems\n",
        report.path.display(),
        plural(report.shows.len(), "show")
    ))
}
