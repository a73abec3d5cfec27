use anyhow::{Result, bail};

use super::{Context, UsageError, change_day, check_day};
use crate::cli::Renew;
use crate::model::premiere::Premiere;
use crate::model::{Status, change};
use crate::term::clean;

pub fn run(args: Renew, ctx: &Context) -> Result<()> {
    let day = change_day(args.on, ctx.today)?;
    let summary = ctx.store.edit(|editor| {
        let index = editor.find(&args.show)?;
        let mut show = editor.show(index);
        let title = clean(&show.title).into_owned();
        let season = match (args.season, show.season) {
            (Some(season), Some(current)) if season <= current => {
                return Err(UsageError(format!(
                    "\"{title}\" is waiting for season {current} already; renew it for a \
                     later season (--season {})",
                    current + 1
                ))
                .into());
            }
            (Some(season), _) => season,
            (None, Some(current)) => current.saturating_add(1),
            (None, None) => bail!(
                "the season of \"{title}\" is not recorded, so the next one is unknown; pass --season N",
            ),
        };
        let mut summary = format!("Renewed \"{title}\" for season {season}\n");
        match show.status {
            Status::Ended | Status::Cancelled => summary = format!(
                "Revived \"{title}\" for season {season} (it was {}, and is announced now)\n",
                show.status
            ),
            Status::Airing => summary.push_str(&format!(
                "(season {} was airing, premiere {}: that stays in the history)\n",
                show.season.map_or("?".to_string(), |s| s.to_string()),
                show.premiere
            )),
            _ => {}
        }
        check_day(&show, day, ctx.today)?;
        let old = show.clone();
        show.season = Some(season);
        show.set_status(Status::Announced);
        show.premiere = Premiere::Tba;
        let note = args
            .note
            .clone()
            .unwrap_or_else(|| format!("renewed for season {season}"));
        let mut entry = change::entry(&old, &show, day, Some(&note)).expect("the season changed");
        // A new season starts without a date: that is no news about a premiere.
        entry.premiere = None;
        show.history.push(entry);
        editor.update(index, show);
        Ok(summary)
    })?;
    ctx.done(&summary)
}
