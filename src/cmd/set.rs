use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{
    Context, UsageError, apply_fields, change_day, contradictions, next_unseen, passed, record,
    text_option,
};
use crate::cli::Set;
use crate::model::premiere::{self, Premiere};
use crate::model::{Show, change, is_visible};
use crate::store::Editor;
use crate::term::clean;

pub fn run(args: Set, ctx: &Context) -> Result<()> {
    let day = change_day(args.on, ctx.today)?;
    let (summary, warning) = ctx.store.edit(|editor| {
        let index = editor.find(&args.show)?;
        let old = editor.show(index);
        let mut show = old.clone();
        if let Some(title) = &args.title {
            show.title = new_title(editor, index, title)?;
        }
        let year_note = apply_fields(&mut show, &args.fields, &ctx.clock)?;
        if let Some(notes) = text_option(&args.notes) {
            show.notes = notes;
        }
        lists(&mut show, &args);
        if let Some(finale) = &args.finale {
            show.finale = finale_day(finale, ctx.today)?;
            show.finale_provisional = false;
        }
        if let Some(id) = args.tvmaze.filter(|id| old.tvmaze != Some(*id)) {
            super::refuse_linked(editor, index, id)?;
        }
        links(&mut show, &args);
        let note = args.note.as_deref();
        // A status given again with a day before the history's: the show had it since then.
        let changed = change::entry(&old, &show, day, note);
        let since = (changed.is_none()
            && args.on.is_some()
            && args.fields.status.is_some()
            && day < ctx.today)
            .then(|| change::since_entry(&show, day, note))
            .flatten();
        let is_since = since.is_some();
        let entry = changed
            .or(since)
            .or_else(|| note.map(|note| change::note_entry(&show, day, note)));
        if let Some(entry) = entry {
            record(&old, &mut show, entry, ctx.today, is_since)?;
        }
        let summary = summary(&old, &show, year_note);
        let contradiction = (show.status != old.status || show.premiere != old.premiere)
            .then(|| contradictions(&show, ctx.today))
            .flatten();
        let passed = args.fields.premiere.and_then(|_| passed(&show, ctx.today));
        let unseen = args
            .fields
            .next
            .and_then(|_| next_unseen(&show, &ctx.clock));
        let warning = [contradiction, passed, unseen]
            .into_iter()
            .flatten()
            .reduce(|a, b| format!("{a}\n{b}"));
        editor.update(index, show);
        Ok((summary, warning))
    })?;
    if let Some(warning) = warning {
        crate::term::say(&warning);
    }
    ctx.done(&summary)
}

/// The new title `--title` gives the show at `index`: with a visible character, and no other
/// show's.
fn new_title(editor: &Editor, index: usize, title: &str) -> Result<String> {
    let title = title.trim();
    if !is_visible(title) {
        return Err(UsageError("the new title has no visible character".into()).into());
    }
    if let Some(other) = editor.title_taken(title, Some(index)) {
        bail!("\"{}\" is already in the watchlist", clean(other));
    }
    Ok(title.to_string())
}

/// Adds and removes list items (`--add-tag`, `--remove-cast`, …), in any letter case, keeping
/// the others.
fn lists(show: &mut Show, args: &Set) {
    for (list, add, remove) in [
        (&mut show.tags, &args.add_tags, &args.remove_tags),
        (&mut show.cast, &args.add_cast, &args.remove_cast),
        (
            &mut show.creators,
            &args.add_creators,
            &args.remove_creators,
        ),
    ] {
        let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
        list.retain(|item| !remove.iter().any(|r| same(item, r)));
        for item in add.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
            if !list.iter().any(|have| same(have, item)) {
                list.push(item.to_string());
            }
        }
    }
}

/// The day `--finale` gives; empty clears it.
fn finale_day(finale: &str, today: NaiveDate) -> Result<Option<NaiveDate>> {
    match finale.trim() {
        "" => Ok(None),
        text => match premiere::Input::parse(text).map(|input| input.on(today)) {
            Ok((Premiere::Day(day), _)) => Ok(Some(day)),
            _ => Err(UsageError(format!(
                "--finale takes a day, such as 2025-03-21, not \"{finale}\""
            ))
            .into()),
        },
    }
}

/// The show's link to TVmaze (`--tvmaze`) and what refresh leaves alone (`--pin`, `--unpin`).
fn links(show: &mut Show, args: &Set) {
    if let Some(id) = args.tvmaze {
        if show.tvmaze != Some(id) {
            // Fetched afresh by the next refresh.
            show.tvmaze_updated = None;
        }
        show.tvmaze = Some(id);
    }
    for pin in &args.pin {
        if !show.is_pinned(*pin) {
            show.pinned.push(pin.to_string());
        }
    }
    show.pinned
        .retain(|name| !name.parse().is_ok_and(|pin| args.unpin.contains(&pin)));
}

/// What `set` says it did: each changed field as `field: old → new`.
fn summary(old: &Show, show: &Show, year_note: Option<String>) -> String {
    let changes = change::changes(old, show);
    let title = clean(&show.title);
    let mut summary = if show == old {
        format!("\"{title}\" already had those values; nothing changed\n")
    } else if changes.is_empty() {
        format!("Updated \"{title}\": a history entry was added\n")
    } else {
        let lines: Vec<String> = changes.iter().map(|c| format!("  {c}\n")).collect();
        format!("Updated \"{title}\":\n{}", lines.concat())
    };
    if let Some(note) = year_note {
        summary.push_str(&format!("{note}\n"));
    }
    summary
}
