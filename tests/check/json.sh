# json.sh - read replyguard-check's JSON lines in shell tests (sourced)

# verdict_of / lang_of: the field of one JSON line on stdin
verdict_of() { sed -n 's/.*"verdict":"\([a-z]*\)".*/\1/p'; }
lang_of() { sed -n 's/.*"language":"\([a-z-]*\)".*/\1/p'; }
# rules_of: "rule,rule" at flag level or higher, sorted
rules_of() {
    grep -o '"rule":"[^"]*","level":"[^"]*"' | grep -v '"level":"hint"' |
        sed 's/"rule":"\([^"]*\)".*/\1/' | sort | paste -sd, -
}
