use anyhow::Result;

use super::Context;
use crate::cli::{Format, ShowArgs};
use crate::view;

pub fn run(args: ShowArgs, ctx: &Context) -> Result<()> {
    let shows = ctx.shows()?;
    let show = &shows[super::find(shows, &args.show)?];
    match args.output.format() {
        Format::Table => {
            let progress = ctx.sight().progress(show);
            ctx.print(&view::show_detail(
                show,
                &ctx.clock,
                progress.as_ref(),
                ctx.style,
            ))
        }
        Format::Json => ctx.write(|out| crate::formats::json::json_object(out, show, &ctx.sight())),
        format => ctx.print_view(&[show], format, |_| String::new(), ""),
    }
}
