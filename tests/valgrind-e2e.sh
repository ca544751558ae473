#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run end-to-end tests with every Dossier program under valgrind's
# memcheck: leaks (definitely and indirectly lost) and memory errors are
# failures.
#
#   tests/valgrind-e2e.sh BUILD [TEST...]
#
# BUILD is a build tree (not a sanitizer one: valgrind and ASan don't
# mix); TESTs are tests/e2e-*.sh (default: VALGRIND_TESTS below).  A
# tree BUILD-valgrind is made beside BUILD in which dossier-index,
# dossier-query and dossier.cgi are wrappers that run the real ones
# under valgrind, writing a log a process into BUILD-valgrind/logs/, and
# everything else links to BUILD; each test then runs with that tree as
# its top_builddir.  A process whose log reports an error or a leak fails
# the run, whatever its test made of its exit status.  Ends with
# "N passed, N failed": the tests' checks, plus one failed check for each
# process with an error.
set -u

[ $# -ge 1 ] || { echo "usage: valgrind-e2e.sh BUILD [TEST...]" >&2; exit 2; }
build=$(cd "$1" && pwd)
shift
top=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind >/dev/null ||
	{ echo "valgrind-e2e.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 77; }
# The tests chosen for CI: indexing (HTML, XML, JSON Lines, incremental
# runs), the query language and formats, and the CGI on hostile input.
VALGRIND_TESTS="e2e-index-query.sh e2e-jsonl.sh e2e-incremental.sh
	e2e-query-language.sh e2e-formats.sh e2e-cgi.sh"
[ $# -gt 0 ] || set -- $VALGRIND_TESTS

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

pass=0 fail=0
for t in "$@"; do
	t=${t##*/}
	out="$vg/logs/$t.out"
	echo "valgrind-e2e: $t" >&2
	top_srcdir="$top" top_builddir="$vg" XAPIAN_CHECK=${XAPIAN_CHECK:-xapian-check} \
		sh "$top/tests/$t" >"$out" 2>&1
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
