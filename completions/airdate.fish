complete --keep-order --exclusive --command airdate --arguments "(COMPLETE=fish airdate -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
