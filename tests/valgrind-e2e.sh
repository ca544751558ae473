#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run end-to-end tests with every Dossier program under valgrind's
# memcheck: leaks (definitely and indirectly lost) and memory errors are
# failures.
#
#   tests/valgrind-e2e.sh [-j JOBS] BUILD [TEST...]
#
# BUILD is a build tree (not a sanitizer one: valgrind and ASan don't
# mix); TESTs are tests/e2e-*.sh (default: every one but those
# VALGRIND_SKIP names below), JOBS of them at a time (default 1).  A
# tree BUILD-valgrind is made beside BUILD in which dossier-index,
# dossier-query and dossier.cgi are wrappers that run the real ones
# under valgrind, writing a log a process into BUILD-valgrind/logs/, and
# everything else links to BUILD; each test then runs with that tree as
# its top_builddir.  A process whose log reports an error or a leak fails
# the run, whatever its test made of its exit status.  Ends with
# "N passed, N failed": the tests' checks, plus one failed check for each
# process with an error.
set -u

jobs=1
if [ "${1:-}" = -j ]; then
	jobs=${2:-}
	shift 2 || true
fi
case $jobs in '' | *[!0-9]* | 0) echo "valgrind-e2e.sh: -j $jobs?" >&2; exit 2 ;; esac
[ $# -ge 1 ] || { echo "usage: valgrind-e2e.sh [-j JOBS] BUILD [TEST...]" >&2; exit 2; }
build=$(cd "$1" && pwd)
shift
top=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind >/dev/null ||
	{ echo "valgrind-e2e.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 77; }
XAPIAN_CHECK=${XAPIAN_CHECK:-$(command -v xapian-check || echo xapian-check)}
# Left out by default: the fault tests (kill -9 leaves no leak report,
# and valgrind's slowness breaks their time limits: e2e-crash.sh,
# e2e-faults.sh), the browser test (chromium drives the same CGI as
# e2e-lighttpd.sh, and slowly) and the fuzz replay (it runs none of the
# three programs).
VALGRIND_SKIP="e2e-crash.sh e2e-faults.sh e2e-browser.sh e2e-fuzz-replay.sh"
if [ $# -eq 0 ]; then
	for t in "$top"/tests/e2e-*.sh; do
		t=${t##*/}
		case " $(echo $VALGRIND_SKIP) " in *" $t "*) continue ;; esac
		set -- "$@" "$t"
	done
fi

vg="$build-valgrind"
rm -rf "$vg"
mkdir -p "$vg/logs"
for f in "$build"/* "$build"/.deps; do
	ln -s "$f" "$vg/$(basename "$f")"
done
for p in dossier-index dossier-query dossier.cgi; do
	rm -f "$vg/$p"
	cat >"$vg/$p" <<EOW
#!/bin/sh
exec valgrind --quiet --tool=memcheck --leak-check=full \\
	--show-leak-kinds=definite,indirect \\
	--errors-for-leak-kinds=definite,indirect --track-origins=no \\
	--child-silent-after-fork=yes --trace-children=no \\
	--suppressions="$top/tests/valgrind.supp" \\
	--log-file="$vg/logs/$p.%p.log" "$build/$p" "\$@"
EOW
	chmod +x "$vg/$p"
done

# Lane K of JOBS runs tests K, K + JOBS, ... one after the other.  Tests
# have scratch directories and ports of their own, and each process its
# own log, so lanes don't meet.
lane() {
	k=0
	for t in "$@"; do
		k=$((k + 1))
		[ $(((k - 1) % jobs)) -eq "$lane" ] || continue
		t=${t##*/}
		echo "valgrind-e2e: $t" >&2
		top_srcdir="$top" top_builddir="$vg" XAPIAN_CHECK="$XAPIAN_CHECK" \
			sh "$top/tests/$t" >"$vg/logs/$t.out" 2>&1
	done
}
lane=0
while [ $lane -lt "$jobs" ]; do
	lane "$@" &
	lane=$((lane + 1))
done
wait

pass=0 fail=0
for t in "$@"; do
	t=${t##*/}
	out="$vg/logs/$t.out"
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^not ok ' "$out")
	pass=$((pass + p))
	fail=$((fail + f))
	[ "$f" -eq 0 ] || grep -A6 '^not ok ' "$out" | head -40 >&2
done
# Every process's log: non-empty means valgrind reported something.
bad=0
for l in "$vg"/logs/*.log; do
	[ -f "$l" ] || continue
	if [ -s "$l" ]; then
		bad=$((bad + 1))
		echo "---- $l" >&2
		head -40 "$l" >&2
	fi
done
nlogs=$(find "$vg/logs" -name '*.log' | wc -l)
echo "valgrind-e2e: $nlogs processes checked, $bad with errors or leaks" >&2
pass=$((pass + nlogs - bad))
fail=$((fail + bad))
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
