//! Regressions found by a hostile review of seasons: each test is one finding, as a user
//! met it.

use crate::common::TestEnv;

/// `check` points at the season record it warns about, not at the first record of the show,
/// in `[[show.seasons]]` tables and in an inline `seasons = [...]` alike.
#[test]
fn check_names_the_line_of_each_misplaced_season_record() {
    let text = "[[show]]\ntitle = \"Odd\"\nseason = 3\n\n[[show.seasons]]\nnumber = 1\n\n\
                [[show.seasons]]\nnumber = 2\n\n[[show.seasons]]\nnumber = 2\n\n\
                [[show.seasons]]\nnumber = 5\n\n[[show]]\ntitle = \"Inline\"\nseason = 2\n\
                seasons = [\n  { number = 1 },\n  { number = 1 },\n  { number = 2 },\n]\n\
                history = [{ status = \"airing\" }]\n";
    let env = TestEnv::with_file(text);
    let run = env.run(&["check"]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "warning: [DIR]/watchlist.toml:11:1: the `[[show.seasons]]` record of season 2 repeats an earlier record of that season, which is the one used\n\
         warning: [DIR]/watchlist.toml:14:1: the `[[show.seasons]]` record of season 5 is not of a season before the show's `season`; the show's own keys are that season's\n\
         warning: [DIR]/watchlist.toml:22:3: the `[[show.seasons]]` record of season 1 repeats an earlier record of that season, which is the one used\n\
         warning: [DIR]/watchlist.toml:23:3: the `[[show.seasons]]` record of season 2 is not of a season before the show's `season`; the show's own keys are that season's\n\
         error: [DIR]/watchlist.toml:25:12: this history entry has no `date`\n\
         error: `[DIR]/watchlist.toml` has 1 problem; fix it and run `airdate check` again\n"
    );
    assert_eq!(env.read(), text);
}
