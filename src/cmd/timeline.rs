use anyhow::Result;
use chrono::Datelike;

use super::Context;
use crate::cli::Timeline;
use crate::model::{Show, Status, title_key};
use crate::premiere::Premiere;
use crate::timeline::{self, Chart};

pub fn run(args: Timeline, ctx: &Context) -> Result<()> {
    let from = args.from.unwrap_or(ctx.today);
    let chart = Chart {
        from: from.with_day(1).expect("every month has a first day"),
        months: args.months,
        today: ctx.today,
        width: ctx.style.width.map_or(80, usize::from),
        ascii: args.ascii || !crate::config::utf8_locale(),
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
    let shown: Vec<&Show> = ctx
        .shows()?
        .iter()
        .filter(|s| !s.status.is_over())
        .filter(|s| args.statuses.is_empty() || args.statuses.contains(&s.status))
        .collect();
    let mut rows: Vec<&Show> = shown
        .iter()
        .copied()
        .filter(|s| charted(s.status, s.premiere))
        .collect();
    rows.sort_by_cached_key(|s| (s.premiere.sort_key(), title_key(&s.title)));
    let mut aside: Vec<&Show> = shown
        .iter()
        .copied()
        .filter(|s| set_aside(s.status, s.premiere))
        .collect();
    aside.sort_by_cached_key(|s| (s.status != Status::OnHiatus, title_key(&s.title)));
    ctx.print(&timeline::render(&rows, &aside, &chart))
}
