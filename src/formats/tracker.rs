//! Lists from other trackers, for `import --lookup`: a plain text file of titles or IMDb ids,
//! an IMDb list or watchlist export, or a CSV with a TVDB, IMDb or title column (as TV Time's
//! and Trakt's exports have). Pure: text in, the shows it names out.

/// One show a list names, by what it gives: ids first, else the title.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Wanted {
    /// Where it is in the file: "line 3".
    pub place: String,
    pub title: Option<String>,
    pub imdb: Option<String>,
    pub tvdb: Option<u32>,
    /// Why it is not looked up at all (a movie in an IMDb list).
    pub skip: Option<String>,
}

impl Wanted {
    /// How the report names it.
    pub fn name(&self) -> String {
        match (&self.title, &self.imdb, self.tvdb) {
            (Some(title), _, _) => title.clone(),
            (None, Some(imdb), _) => imdb.clone(),
            (None, None, Some(tvdb)) => format!("TVDB {tvdb}"),
            _ => self.place.clone(),
        }
    }
}

fn is_imdb(text: &str) -> bool {
    text.strip_prefix("tt")
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// The shows in `text`: a CSV when its first line has a column this knows, else a plain list.
pub fn read(text: &str) -> Result<Vec<Wanted>, String> {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let columns = [
        "const",
        "tvdb",
        "thetvdb",
        "tv_show_id",
        "imdb",
        "imdb_id",
        "title",
        "tv_show_name",
    ];
    let is_csv = first.is_some_and(|line| {
        line.split(',')
            .any(|c| columns.contains(&c.trim().trim_matches('"').to_lowercase().as_str()))
    });
    if is_csv {
        from_csv(text)
    } else {
        Ok(from_lines(text))
    }
}

/// One title or IMDb id a line; `#` starts a comment.
fn from_lines(text: &str) -> Vec<Wanted> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let line = line.split(" #").next().unwrap_or("").trim();
            if line.is_empty() || line.starts_with('#') {
                return None;
            }
            let place = format!("line {}", i + 1);
            Some(match is_imdb(line) {
                true => Wanted {
                    place,
                    imdb: Some(line.to_string()),
                    ..Wanted::default()
                },
                false => Wanted {
                    place,
                    title: Some(line.to_string()),
                    ..Wanted::default()
                },
            })
        })
        .collect()
}

fn from_csv(text: &str) -> Result<Vec<Wanted>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| format!("not valid CSV: {e}"))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let column = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let (title, imdb, tvdb, kind) = (
        column(&["title", "tv_show_name"]),
        column(&["const", "imdb", "imdb_id"]),
        column(&["tvdb", "thetvdb", "tvdb_id", "tv_show_id"]),
        column(&["title type"]),
    );
    let mut out = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| format!("not valid CSV: {e}"))?;
        let line = row.position().map_or(0, |p| p.line());
        let cell = |at: Option<usize>| {
            at.and_then(|i| row.get(i))
                .map(str::trim)
                .filter(|c| !c.is_empty())
        };
        let kind = cell(kind).map(str::to_lowercase);
        // An IMDb list holds films too: only series and mini-series are shows.
        let skip = kind
            .filter(|k| {
                !matches!(
                    k.as_str(),
                    "tv series" | "tv mini series" | "tvseries" | "tvminiseries"
                )
            })
            .map(|k| format!("a {k}, not a series"));
        out.push(Wanted {
            place: format!("line {line}"),
            title: cell(title).map(str::to_string),
            imdb: cell(imdb).filter(|i| is_imdb(i)).map(str::to_string),
            tvdb: cell(tvdb).and_then(|t| t.parse().ok()),
            skip,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lists_and_tracker_exports() {
        let list = read("# my shows\nSeverance\ntt3581920  # The Last of Us\n\nDept. Q\n").unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(
            (list[0].title.as_deref(), list[0].place.as_str()),
            (Some("Severance"), "line 2")
        );
        assert_eq!(list[1].imdb.as_deref(), Some("tt3581920"));

        let imdb = read(
            "Position,Const,Created,Modified,Description,Title,URL,Title Type\n\
                         1,tt11280740,x,x,,Severance,u,TV Series\n2,tt1160419,x,x,,Dune,u,Movie\n",
        )
        .unwrap();
        assert_eq!(
            (imdb[0].imdb.as_deref(), imdb[0].skip.as_deref()),
            (Some("tt11280740"), None)
        );
        assert_eq!(imdb[1].skip.as_deref(), Some("a movie, not a series"));

        let tv_time =
            read("tv_show_name,tv_show_id\n\"Mr. & Mrs. Smith, the show\",371980\n").unwrap();
        assert_eq!(
            tv_time[0].title.as_deref(),
            Some("Mr. & Mrs. Smith, the show")
        );
        assert_eq!(tv_time[0].tvdb, Some(371980));
    }
}
