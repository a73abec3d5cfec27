use anyhow::Result;
use chrono::Datelike;

use super::Context;
use crate::cli::Timeline;
use crate::model::{Show, Status, title_key};
use crate::premiere::Premiere;
use crate::store::Parts;
use crate::timeline::{self, Chart};

pub fn run(args: Timeline, ctx: &Context) -> Result<()> {
    let from = args.from.unwrap_or(ctx.today);
    let chart = Chart {
        from: from.with_day(1).expect("every month has a first day"),
        months: args.months,
        today: ctx.today,
        width: ctx.style.width.map_or(80, usize::from),
        ascii: args.ascii || !utf8_locale(),
        color: ctx.style.color,
    };
    let end = timeline::end_of(&chart);
    let charted = |status: Status, premiere: Premiere| {
        status != Status::OnHiatus
            && premiere
                .window()
                .is_some_and(|(start, last)| start < end && last >= chart.from)
    };
    let set_aside =
        |status: Status, premiere: Premiere| status == Status::OnHiatus || premiere.is_tba();
    // Only the shows the chart draws, and only what it draws of them.
    let shown = ctx.shows_where(
        |status, premiere| {
            !status.is_over()
                && (args.statuses.is_empty() || args.statuses.contains(&status))
                && (charted(status, premiere) || set_aside(status, premiere))
        },
        Parts::Summary,
    )?;
    let mut rows: Vec<&Show> = shown
        .iter()
        .filter(|s| charted(s.status, s.premiere))
        .collect();
    rows.sort_by_cached_key(|s| (s.premiere.sort_key(), title_key(&s.title)));
    let mut aside: Vec<&Show> = shown
        .iter()
        .filter(|s| set_aside(s.status, s.premiere))
        .collect();
    aside.sort_by_cached_key(|s| (s.status != Status::OnHiatus, title_key(&s.title)));
    ctx.print(&timeline::render(&rows, &aside, &chart))
}

/// Whether the locale says UTF-8; without any locale set, it is assumed.
fn utf8_locale() -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .is_none_or(|locale| {
            let locale = locale.to_lowercase();
            locale.contains("utf-8") || locale.contains("utf8")
        })
}
