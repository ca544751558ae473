# SPDX-License-Identifier: GPL-2.0-or-later
# tap.sh: a few functions for end-to-end tests written in sh, speaking TAP
# (automake's tap-driver.sh counts each "ok"/"not ok" line as one test).
#
#   . "$top_srcdir/tests/tap.sh"
#   check "the index exists" test -d "$db"
#   done_testing

tap_n=0
tap_failed=0

# ok DESCRIPTION / not_ok DESCRIPTION [DIAGNOSTIC...]
ok() {
	tap_n=$((tap_n + 1))
	printf 'ok %d - %s\n' "$tap_n" "$*"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	printf 'not ok %d - %s\n' "$tap_n" "$1"
	shift
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/# /'
	done
}

# check DESCRIPTION COMMAND...: one test, passing when COMMAND succeeds.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc" "command failed: $*"; fi
}

# contains DESCRIPTION FILE PATTERN: FILE matches the grep -E pattern.
contains() {
	if grep -Eq -- "$3" "$2"; then
		ok "$1"
	else
		not_ok "$1" "no match for /$3/ in:" "$(head -c 2000 "$2")"
	fi
}

# lacks DESCRIPTION FILE PATTERN: FILE does not match the pattern.
lacks() {
	if grep -Eq -- "$3" "$2"; then
		not_ok "$1" "unexpected match for /$3/ in:" "$(grep -E -- "$3" "$2" | head -5)"
	else
		ok "$1"
	fi
}

# equals DESCRIPTION EXPECTED ACTUAL
equals() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "expected: $2" "got:      $3"
	fi
}

skip_all() {
	printf '1..0 # SKIP %s\n' "$*"
	exit 0
}

bail_out() {
	printf 'Bail out! %s\n' "$*"
	exit 1
}

done_testing() {
	printf '1..%d\n' "$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# A scratch directory removed when the test exits.
make_scratch() {
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/dossier-test.XXXXXX") ||
		bail_out "cannot create a temporary directory"
	trap 'rm -rf "$scratch"' EXIT
}

# alive PID: whether PID runs (a zombie, exited but not yet reaped by
# this shell, does not).
alive() {
	if [ -r "/proc/$1/stat" ]; then
		! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null
	else
		kill -0 "$1" 2>/dev/null
	fi
}

# stop_process PID: CONT and TERM, then KILL after 5 s; reaped.  Nothing
# when PID is empty.
stop_process() {
	[ -n "$1" ] || return 0
	kill -CONT "$1" 2>/dev/null
	kill "$1" 2>/dev/null
	n=0
	while alive "$1" && [ $n -lt 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	alive "$1" && kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}
