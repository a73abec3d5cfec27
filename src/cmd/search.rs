use anyhow::Result;
use serde::Serialize;

use super::Context;
use crate::cli::Search;
use crate::tvmaze::{self, Client};
use crate::view;

/// A candidate as `search --json` prints it.
#[derive(Serialize)]
struct Found<'a> {
    tvmaze: u32,
    name: &'a str,
    premiered: Option<&'a str>,
    network: Option<&'a str>,
    status: Option<&'a str>,
    imdb: Option<&'a str>,
    url: Option<&'a str>,
}

pub fn run(args: Search, ctx: &Context) -> Result<()> {
    let hits = Client::new().search(&args.query)?;
    let found: Vec<Found> = hits
        .iter()
        .map(|h| Found {
            tvmaze: h.show.id,
            name: &h.show.name,
            premiered: h.show.premiered.as_deref(),
            network: h.show.channel(),
            status: h.show.status.as_deref(),
            imdb: h.show.imdb(),
            url: h.show.url.as_deref(),
        })
        .collect();
    if args.json {
        return ctx.write(|out| crate::formats::json::write(out, &found));
    }
    if found.is_empty() {
        crate::term::say(&format!("TVmaze knows no show called \"{}\".", args.query));
        return Ok(());
    }
    let rows: Vec<Vec<String>> = hits
        .iter()
        .map(|h| {
            vec![
                h.show.id.to_string(),
                h.show.name.clone(),
                h.show.year().unwrap_or("").to_string(),
                h.show.channel().unwrap_or("").to_string(),
                h.show.status.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let table = view::plain_table(
        &["TVmaze", "Name", "Year", "Network", "Status"],
        &rows,
        &[0],
        ctx.style,
    );
    ctx.print(&format!("{table}{}\n", tvmaze::CREDIT))
}
