_clap_complete_airdate() {
    local IFS=$'\013'
    if compopt +o nospace 2> /dev/null; then
        local _CLAP_COMPLETE_SPACE=false
    else
        local _CLAP_COMPLETE_SPACE=true
    fi
    # The words up to the cursor as the command will receive them: split at blanks only (not
    # at `:` or `=`, which readline also breaks words at), quotes and backslashes taken away.
    # `before` is what the word being completed means up to the point where readline's own
    # word ($2) begins, so that each candidate can be cut to what replaces $2.
    local line="${COMP_LINE:0:COMP_POINT}" cut word= quote= started= before= c i
    local -a words=()
    cut=$(( ${#line} - ${#2} ))
    for (( i = 0; i <= ${#line}; i++ )); do
        (( i == cut )) && before=$word
        c=${line:i:1}
        if [[ -z $c ]]; then
            break
        elif [[ $quote == "'" ]]; then
            if [[ $c == "'" ]]; then quote=; else word+=$c; fi
        elif [[ $c == '\' ]]; then
            (( i++ ))
            c=${line:i:1}
            if [[ $c == $'\n' ]]; then continue; fi
            if [[ $quote == '"' && $c != [\"\\\$\`] ]]; then word+='\'; fi
            word+=$c started=1
        elif [[ $quote == '"' ]]; then
            if [[ $c == '"' ]]; then quote=; else word+=$c; fi
        elif [[ $c == [\"\'] ]]; then
            quote=$c started=1
        elif [[ $c == [[:space:]] ]]; then
            if [[ -n $started ]]; then words+=("$word"); fi
            word= started=
        else
            word+=$c started=1
        fi
    done
    words+=("$word")
    local out
    out=$( \
        _CLAP_IFS="$IFS" \
        _CLAP_COMPLETE_INDEX="$(( ${#words[@]} - 1 ))" \
        _CLAP_COMPLETE_COMP_TYPE="${COMP_TYPE}" \
        _CLAP_COMPLETE_SPACE="$_CLAP_COMPLETE_SPACE" \
        COMPLETE="bash" \
        "airdate" -- "${words[@]}" \
    ) || { unset COMPREPLY; return; }
    # Split at IFS only: a title with `*` or `?` is not a pattern for file names.
    local noglob=
    [[ $- == *f* ]] && noglob=1
    set -f
    local -a found=( $out )
    [[ -n $noglob ]] || set +f
    # Each candidate cut to what replaces readline's word: `Alien: Earth` after `Alien:` is
    # ` Earth`. Candidates that do not continue what was typed before it cannot be offered.
    COMPREPLY=()
    local nocase=-s
    shopt -q nocasematch || { nocase=-u; shopt -s nocasematch; }
    for c in "${found[@]}"; do
        if [[ $c == "$before"* ]]; then COMPREPLY+=("${c:${#before}}"); fi
    done
    shopt $nocase nocasematch
    # readline quotes the candidates as the word is quoted so far, as it does file names
    # (`The\ Bear`, `'The Handmaid'\''s Tale'`, `Jeopardy\!`); bash 3 has no `compopt`, so
    # there they are escaped here, after an unquoted word.
    local special=
    for c in "${COMPREPLY[@]}"; do
        if [[ $c == *[^[:alnum:]._/=,+@%-]* ]]; then special=1; fi
    done
    if [[ -n $special ]] && ! compopt -o filenames 2> /dev/null && [[ -z $quote ]]; then
        for i in "${!COMPREPLY[@]}"; do
            printf -v "COMPREPLY[$i]" '%q' "${COMPREPLY[$i]}"
        done
    fi
    if [[ $_CLAP_COMPLETE_SPACE == false ]] && [[ "${COMPREPLY-}" =~ [=/:]$ ]]; then
        compopt -o nospace
    fi
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -o nospace -o bashdefault -o nosort -F _clap_complete_airdate airdate
else
    complete -o nospace -o bashdefault -F _clap_complete_airdate airdate
fi
