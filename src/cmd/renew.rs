use anyhow::{Result, bail};

use super::Context;
use crate::cli::Renew;
use crate::model::{HistoryEntry, Status};
use crate::premiere::Premiere;

pub fn run(args: Renew, ctx: &Context) -> Result<()> {
    let summary = ctx.store.edit(|editor| {
        let index = editor.find(&args.show)?;
        let mut show = editor.show(index);
        let season = match (args.season, show.season) {
            (Some(season), _) => season,
            (None, Some(current)) => current.saturating_add(1),
            (None, None) => bail!(
                "the season of \"{}\" is not recorded, so the next one is unknown; pass --season N",
                show.title
            ),
        };
        show.season = Some(season);
        show.status = Status::Announced;
        show.premiere = Premiere::Tba;
        show.hiatus_reason = None;
        show.history.push(HistoryEntry {
            date: ctx.today,
            status: Some(Status::Announced),
            season: Some(season),
            premiere: None,
            note: Some(
                args.note
                    .clone()
                    .unwrap_or_else(|| format!("renewed for season {season}")),
            ),
        });
        let summary = format!("Renewed \"{}\" for season {season}\n", show.title);
        editor.update(index, show);
        Ok(summary)
    })?;
    ctx.done(&summary)
}
