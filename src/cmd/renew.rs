use anyhow::{Result, bail};

use super::{Context, UsageError, change_day, record};
use crate::cli::Renew;
use crate::model::{Show, Status, change};
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
            _ => {}
        }
        let old = show.clone();
        let rollover = show.start_season(season);
        show.set_status(Status::Announced);
        if let Some(kept) = kept(&old) {
            summary.push_str(&kept);
        }
        let released = rollover.words(old.season);
        if !released.is_empty() {
            summary.push_str(&format!("{released}\n"));
        }
        let note = args
            .note
            .clone()
            .unwrap_or_else(|| format!("renewed for season {season}"));
        let entry = change::entry(&old, &show, day, Some(&note)).expect("the season changed");
        record(&old, &mut show, entry, ctx.today, false)?;
        editor.update(index, show);
        Ok(summary)
    })?;
    ctx.done(&summary)
}

/// "(season 2 keeps its premiere 2025-01-17 and finale 2025-03-21)" when the season left had
/// dates: they stay that season's.
fn kept(old: &Show) -> Option<String> {
    let season = old.season?;
    let mut dates = Vec::new();
    if !old.premiere.is_tba() {
        dates.push(format!("premiere {}", old.premiere));
    }
    if let Some(finale) = old.current_finale() {
        dates.push(format!("finale {finale}"));
    }
    (!dates.is_empty()).then(|| format!("(season {season} keeps its {})\n", dates.join(" and ")))
}
