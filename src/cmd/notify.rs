//! `notify`: sends what is new to each channel, once (see [`crate::notify`] for the rules).
//! Every channel is tried; the exit code is the worst: 1 when one refused, 75 when one could
//! not be reached, else 0.

use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Result, anyhow};

use super::{Context, TempFail, UsageError};
use crate::cli::Notify;
use crate::config;
use crate::model::Show;
use crate::model::episode::agenda;
use crate::model::news;
use crate::notify::channel::{Channel, Failure};
use crate::notify::state::{Book, Channel as Channel_, Pending};
use crate::notify::{self, Item, OVERLAP_DAYS};
use crate::settings::{self, REMINDER, Secret};

/// What one run sends, to every channel alike.
struct Plan {
    news: Vec<Item>,
    reminders: Vec<Item>,
    kinds: Option<Vec<String>>,
    each: bool,
}

impl Plan {
    fn wanted(&self, kind: &str) -> bool {
        self.kinds
            .as_ref()
            .is_none_or(|kinds| kinds.iter().any(|k| k == kind))
    }
}

pub fn run(args: Notify, ctx: &Context) -> Result<()> {
    if let Some(since) = args.since.filter(|day| *day > ctx.today) {
        return Err(super::UsageError(format!(
            "--since {since} is in the future (today is {}); give the first day to send again",
            ctx.today
        ))
        .into());
    }
    let settings = settings::load()?;
    let channels = channels(&args, &settings.notify)?;
    let mut book = match config::state_dir() {
        Some(state) => {
            let (book, warning) =
                Book::open(&state, &crate::store::fsio::real_path(ctx.store.path()))?;
            if let Some(warning) = warning {
                crate::term::say(&warning);
            }
            book
        }
        None if args.dry_run => Book::none(),
        None => {
            return Err(anyhow!(
                "notify records what it sent in the state folder, and AIRDATE_STATE_DIR is set \
                 empty; set it to a folder, or unset it"
            ));
        }
    };
    let today = ctx.today;
    // News from the earliest day any channel's window reaches.
    let start = match args.since {
        Some(day) => day,
        None => channels
            .iter()
            .map(|c| window_start(book.channel(&c.key()), today))
            .min()
            .unwrap_or(today),
    };
    let shows = ctx.shows()?;
    let log = std::fs::read_to_string(ctx.store.beside().removal_log()).unwrap_or_default();
    let events = news::events(shows, news::removals(&log), start.min(today), today);
    let reminds = args
        .remind
        .clone()
        .map_or(settings.notify.remind.clone(), |r| r.0);
    let reminders = if reminds.is_empty() {
        Vec::new()
    } else {
        let watched: Vec<&Show> = shows.iter().collect();
        let listings = ctx.episodes();
        let items = agenda(&watched, |s| listings.of(s), &ctx.clock, notify::AHEAD_DAYS);
        notify::reminders(&items, &ctx.clock, &reminds)
    };
    let plan = Plan {
        news: notify::news_items(&events, shows),
        reminders,
        kinds: settings.notify.kinds.clone(),
        each: args.each || settings.notify.each,
    };
    let mut failures = Vec::new();
    for channel in &channels {
        if let Err(failure) = one(channel, &mut book, &plan, &args, ctx) {
            failures.push((channel, failure));
        }
    }
    outcome(failures, channels.len())
}

/// The first day of a channel's window: a week before its last successful run, but never
/// before its first run (on which it is today), so that turning notifications on does not
/// send the past.
fn window_start(record: &Channel_, today: chrono::NaiveDate) -> chrono::NaiveDate {
    let first = record.first_run.unwrap_or(today);
    record
        .last_run
        .map_or(today, |day| day - chrono::Days::new(OVERLAP_DAYS))
        .max(first)
        .min(today)
}

/// The channels of this run: those the flags name, else the config file's; standard output
/// too with `--stdout`, and alone when there is no other.
fn channels(args: &Notify, config: &settings::Notify) -> Result<Vec<Channel>> {
    let token = config::ntfy_token()
        .map(Secret::new)
        .or_else(|| config.ntfy_token.clone());
    let flagged = args.ntfy.is_some() || args.command.is_some();
    let (ntfy, command) = if flagged {
        (args.ntfy.clone(), args.command.clone())
    } else {
        (config.ntfy.clone(), config.command.clone())
    };
    let mut channels = Vec::new();
    if let Some(url) = ntfy {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(UsageError(format!(
                "--ntfy takes a topic URL, such as https://ntfy.sh/my-shows, not \"{}\"",
                crate::notify::channel::masked(&url)
            ))
            .into());
        }
        channels.push(Channel::Ntfy {
            url,
            token,
            priority: config.priority,
        });
    }
    if let Some(command) = command.filter(|c| !c.trim().is_empty()) {
        channels.push(Channel::Command(command));
    }
    if args.stdout || channels.is_empty() {
        channels.push(Channel::Stdout);
    }
    Ok(channels)
}

/// Sends to one channel what it has not had, settling first a message a killed run left.
fn one(
    channel: &Channel,
    book: &mut Book,
    plan: &Plan,
    args: &Notify,
    ctx: &Context,
) -> Result<(), Failure> {
    let key = channel.key();
    let today = ctx.today;
    let save = |book: &Book| book.save().map_err(|e| Failure::Failed(format!("{e:#}")));
    if !args.dry_run
        && let Some(pending) = book.channel(&key).pending.clone()
    {
        // Found: the channel has it, and it is never sent again. Not found: sent again below.
        let arrived = channel.has(&pending)?;
        let record = book.channel(&key);
        if arrived {
            record.settle(today);
        } else {
            record.pending = None;
        }
        save(book)?;
    }
    let record = book.channel(&key);
    if !args.dry_run {
        // Recorded with the first message, or at the end: a first run that fails still counts.
        record.first_run.get_or_insert(today);
    }
    let start = args.since.unwrap_or(window_start(record, today));
    let mut seen = std::collections::HashSet::new();
    let reminders = plan
        .reminders
        .iter()
        .filter(|_| plan.wanted(REMINDER))
        .filter(|i| !record.sent.contains_key(&i.id));
    let news = plan
        .news
        .iter()
        .filter(|i| i.date >= start && plan.wanted(i.kind))
        .filter(|i| args.since.is_some() || !record.sent.contains_key(&i.id));
    let items: Vec<&Item> = reminders
        .chain(news)
        .filter(|i| seen.insert(i.id.clone()))
        .collect();
    let nonce = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i64);
    let messages = notify::messages(&items, plan.each, nonce);
    if args.dry_run {
        let text = dry_run(channel, &messages);
        return ctx
            .print(&crate::term::clean_lines(&text))
            .map_err(|e| Failure::Failed(format!("{e:#}")));
    }
    for message in &messages {
        let time = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        book.channel(&key).pending = Some(Pending {
            message: message.id.clone(),
            events: message.events.clone(),
            time,
        });
        save(book)?;
        match channel.send(message) {
            Ok(()) => {
                book.channel(&key).settle(today);
                save(book)?;
            }
            Err(failure) => {
                // ntfy may have the message although no answer came (a timeout): the next run
                // asks it. Anything else surely does not, and is sent again.
                if !matches!(channel, Channel::Ntfy { .. }) {
                    book.channel(&key).pending = None;
                    save(book)?;
                }
                return Err(failure);
            }
        }
    }
    let record = book.channel(&key);
    record.prune(today);
    record.last_run = Some(today);
    save(book)
}

/// What `--dry-run` shows for one channel: where, then each message's title and lines.
fn dry_run(channel: &Channel, messages: &[notify::Message]) -> String {
    let mut text = format!("to {}:\n", channel.describe());
    if messages.is_empty() {
        text.push_str("  nothing new\n");
    }
    for message in messages {
        text.push_str(&format!("  {}\n", message.title));
        for line in &message.lines {
            text.push_str(&format!("    {line}\n"));
        }
    }
    text
}

/// The run's result: every failure said, and the worst as the error.
fn outcome(failures: Vec<(&Channel, Failure)>, channels: usize) -> Result<()> {
    let one = |channel: &Channel, failure: &Failure| match failure {
        Failure::Unreachable(why) | Failure::Failed(why) => {
            format!("{}: {why}", channel.describe())
        }
    };
    match failures.as_slice() {
        [] => Ok(()),
        [(channel, failure @ Failure::Unreachable(_))] => {
            Err(TempFail(one(channel, failure)).into())
        }
        [(channel, failure)] => Err(anyhow!(one(channel, failure))),
        many => {
            for (channel, failure) in many {
                crate::term::say(&format!("error: {}", one(channel, failure)));
            }
            let summary = format!(
                "{} of {channels} channels did not take their messages; they are sent on the \
                 next run",
                many.len()
            );
            if many
                .iter()
                .all(|(_, f)| matches!(f, Failure::Unreachable(_)))
            {
                Err(TempFail(summary).into())
            } else {
                Err(anyhow!(summary))
            }
        }
    }
}
