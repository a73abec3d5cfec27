use anyhow::Result;
use chrono::Datelike;

use super::Context;
use crate::cli::Timeline;
use crate::model::premiere::Premiere;
use crate::model::{Show, Status, title_key};
use crate::view::timeline::{self, Chart};

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
    let shown: Vec<&Show> = ctx
        .shows()?
        .iter()
        .filter(|s| !s.status.is_over())
        .filter(|s| args.statuses.is_empty() || args.statuses.contains(&s.status_on(ctx.today)))
        .collect();
    let mut rows: Vec<&Show> = shown
        .iter()
        .copied()
        .filter(|s| charted(s.status_on(ctx.today), s.premiere))
        .collect();
    rows.sort_by_cached_key(|s| (s.premiere_order(), title_key(&s.title)));
    // Every show the chart cannot draw is listed under it, with why.
    let mut aside: Vec<(&Show, String)> = shown
        .iter()
        .copied()
        .filter(|s| !charted(s.status_on(ctx.today), s.premiere))
        .map(|s| {
            let why = match (s.status_on(ctx.today), s.premiere.window()) {
                (Status::OnHiatus, _) => match &s.hiatus_reason {
                    Some(reason) => format!("on hiatus: {reason}"),
                    None => "on hiatus".to_string(),
                },
                (status, None) => format!("TBA, {status}"),
                (_, Some((start, _))) if start >= end => format!("after the chart: {}", s.premiere),
                (Status::Airing, _) => format!("airing since {}", s.premiere),
                (Status::Finished, _) => format!("season aired ({})", s.premiere),
                (status, _) => format!("premiere {} has passed, yet {status}", s.premiere),
            };
            (s, why)
        })
        .collect();
    aside.sort_by_cached_key(|(s, _)| {
        (
            s.status != Status::OnHiatus,
            s.premiere.is_tba(),
            title_key(&s.title),
        )
    });
    ctx.print(&timeline::render(&rows, &aside, &chart))
}
