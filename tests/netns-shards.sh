#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# By hand, as root (not run by make check): a Dossier index sharded
# across two "hosts", each a Linux network namespace (ip netns add)
# joined to this one by a veth pair (10.N.1.0/24, 10.N.2.0/24) and
# running xapian-tcpsrv over its shard (ip netns exec), searched from the
# root namespace through a stub file of two lines "remote 10.N.k.2:PORT".
# It shows that:
#  - the corpus indexed as two shards (two dossier-index runs over the
#    two halves of corpus/'s files) and searched through the remote stub
#    ranks exactly as one database of the whole corpus: the same hits,
#    same paths, same order, and the same number of matches (counted in
#    full with --limit 1000); the "estimated" count too, except where it
#    is only Xapian's estimate, which depends on the sharding (then a
#    "# note:" line gives both and the true count, and no test fails);
#  - the same with --feedback 0 (no feedback terms);
#  - how long a search takes here on one database, over the two remote
#    shards, and with 50 ms more on the way to shard b: tc netem on its
#    veth where the kernel has netem, else a proxy in shard b's
#    namespace holding each request 50 ms (the latency, not the
#    packets).  Feedback (on by default) costs a few round trips more
#    (its documents' term lists, one exchange a shard for its terms'
#    frequencies), not one a term;
#  - with shard b's server stopped (SIGSTOP: it accepts connections but
#    never answers), dossier-query fails, exit 3 with a message on
#    stderr, after Xapian's remote timeout (10 s), and answers again once
#    it is continued; with shard b's server gone, it fails at once
#    (connection refused), never answering from shard a alone.
#
#   sudo sh tests/netns-shards.sh          (programs in build/), or
#   cd build && sudo top_srcdir=.. top_builddir=. sh ../tests/netns-shards.sh
#
# It takes about 30 s.  Prints TAP.  Exits 77 with "1..0 # SKIP why" when
# this machine can't: not root, no ip (apt-get install iproute2), no
# xapian-tcpsrv (apt-get install xapian-tools), or network namespaces or
# veth pairs refused (a container without CAP_SYS_ADMIN/CAP_NET_ADMIN).
# Whatever happens (interrupted too), the namespaces, links and
# processes it made are removed.

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir/build}
. "$top_srcdir/tests/tap.sh"

skip() {
	printf '1..0 # SKIP %s\n' "$*"
	exit 77
}

index="$top_builddir/dossier-index"
query="$top_builddir/dossier-query"
[ -x "$index" ] && [ -x "$query" ] ||
	skip "no dossier-index and dossier-query in $top_builddir (build them, or set top_builddir)"
[ "$(id -u)" = 0 ] || skip "network namespaces need root (run it with sudo)"
command -v ip >/dev/null || skip "ip is missing (apt-get install iproute2)"
command -v python3 >/dev/null || skip "python3 is needed to read JSON"
command -v timeout >/dev/null || skip "timeout (coreutils) is needed"
tcpsrv=${XAPIAN_TCPSRV:-$(command -v xapian-tcpsrv)}
[ -x "$tcpsrv" ] || skip "xapian-tcpsrv is missing (apt-get install xapian-tools)"
# The interpreter itself, not a wrapper (pyenv's shims take 0.2 s a run).
py=$(python3 -c 'import sys; print(sys.executable or "python3")') || py=python3

make_scratch
unset DOSSIER_DB NO_COLOR

tag=$$			# names of our namespaces and links
port=33133		# free in a namespace of its own
ns_a="dossier-$tag-a" ns_b="dossier-$tag-b"
host_a="ds${tag}ha" host_b="ds${tag}hb"	# veth ends here (<= 15 chars)
peer_a="ds${tag}na" peer_b="ds${tag}nb"	# and in the namespaces
made_ns= made_links= pid_a= pid_b= pid_px=

cleanup() {
	rc=$?
	stop_process "$pid_a"
	stop_process "$pid_b"
	stop_process "$pid_px"
	for l in $made_links; do ip link del "$l" 2>/dev/null; done
	for n in $made_ns; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$scratch"
	exit $rc
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- can this machine do it? ------------------------------------------------

# (Named for the cleanup before they are made: deleting what is not
# there does no harm.)
made_ns="$ns_a $ns_b"
for n in $made_ns; do
	ip netns add "$n" 2>"$scratch/ns.err" ||
		skip "ip netns add refused: $(head -1 "$scratch/ns.err")"
done
made_links="$host_a $host_b"
ip link add "$host_a" type veth peer name "$peer_a" 2>"$scratch/veth.err" &&
	ip link add "$host_b" type veth peer name "$peer_b" 2>"$scratch/veth.err" ||
	skip "no veth pairs: $(head -1 "$scratch/veth.err")"

# 10.N.1.0/24 and 10.N.2.0/24, N one no address or route here uses.
net=
for n in $(seq 200 250); do
	if ! ip -4 addr show | grep -q "inet 10\.$n\." &&
		! ip -4 route show | grep -q "^10\.$n\."; then
		net=$n
		break
	fi
done
[ -n "$net" ] || skip "no free 10.N.0.0/16 among 10.200-10.250"
addr_a=10.$net.1.2 addr_b=10.$net.2.2

# link HOSTEND PEER NS K: PEER into NS, 10.$net.K.1 here, 10.$net.K.2 there.
link() {
	ip link set "$2" netns "$3" &&
		ip addr add "10.$net.$4.1/24" dev "$1" &&
		ip link set "$1" up &&
		ip -n "$3" addr add "10.$net.$4.2/24" dev "$2" &&
		ip -n "$3" link set "$2" up &&
		ip -n "$3" link set lo up
}
link "$host_a" "$peer_a" "$ns_a" 1 2>"$scratch/link.err" &&
	link "$host_b" "$peer_b" "$ns_b" 2 2>>"$scratch/link.err" ||
	skip "cannot set up the links: $(head -1 "$scratch/link.err")"

# ---- the databases ------------------------------------------------------------

# The corpus's files, sorted, alternately into two halves.
find "$top_srcdir/corpus" -type f | LC_ALL=C sort >"$scratch/all"
awk 'NR % 2 == 1' "$scratch/all" >"$scratch/half-a"
awk 'NR % 2 == 0' "$scratch/all" >"$scratch/half-b"
mkdir -p "$scratch/a" "$scratch/b"
for x in a b; do
	timeout 600 "$index" -q --db "$scratch/$x/shard" - \
		<"$scratch/half-$x" >"$scratch/index-$x.out" 2>&1
	echo $? >"$scratch/index-$x.rc"
done
timeout 600 "$index" -q --db "$scratch/whole" "$top_srcdir/corpus" \
	>"$scratch/index-whole.out" 2>&1
equals "two shards over disjoint halves of the corpus, and one database of the whole" \
	"0 0 0" "$(cat "$scratch/index-a.rc") $(cat "$scratch/index-b.rc") $?"

# ---- the two hosts -------------------------------------------------------------


# serve NS ADDR DB LOG: xapian-tcpsrv over DB inside NS; its pid in $pid.
# In a process group of its own: on SIGTERM, xapian-tcpsrv kills its
# whole process group, which would otherwise be ours.  (ip netns exec
# execs it: the pid is the server's.)
serve() {
	"$py" -c 'import os, sys; os.setsid(); os.execvp(sys.argv[1], sys.argv[1:])' \
		ip netns exec "$1" "$tcpsrv" --port "$port" --interface "$2" \
		"$3" >"$4" 2>&1 </dev/null &
	pid=$!
	"$py" "$top_srcdir/tests/listening.py" "$2" "$port" "$pid"
}
serve "$ns_a" "$addr_a" "$scratch/a/shard" "$scratch/server-a.log"
rc_a=$?
pid_a=$pid
serve "$ns_b" "$addr_b" "$scratch/b/shard" "$scratch/server-b.log"
rc_b=$?
pid_b=$pid
[ $rc_a = 0 ] && [ $rc_b = 0 ] ||
	bail_out "xapian-tcpsrv would not start: $(cat "$scratch/server-a.log" "$scratch/server-b.log")"
ok "xapian-tcpsrv serves shard a at $addr_a:$port (in $ns_a), shard b at $addr_b:$port (in $ns_b)"
check "(shard a's server runs inside its namespace)" \
	test "$(readlink "/proc/$pid_a/ns/net")" = "$(ip netns exec "$ns_a" readlink /proc/self/ns/net)"

stub="$scratch/shards.stub"
printf 'remote %s:%s\nremote %s:%s\n' "$addr_a" "$port" "$addr_b" "$port" >"$stub"

# ask DB LABEL [OPTION...] QUERY: dossier-query's JSON into LABEL.json,
# its status in LABEL.rc, its stderr in LABEL.err.
ask() {
	adb=$1 alabel=$2
	shift 2
	timeout 60 "$query" --db "$adb" --format json "$@" \
		>"$scratch/$alabel.json" 2>"$scratch/$alabel.err" </dev/null
	echo $? >"$scratch/$alabel.rc"
}

cat >"$scratch/same.py" <<'EOF'
# same.py WHOLE.json SHARDS.json WHOLEALL.json SHARDSALL.json: three
# lines: "same" when the hits' paths are the same in the same order (else
# both lists); the two exact counts (every match, from the *ALL runs);
# the two estimates.
import json, sys
try:
    w, s, wa, sa = (json.load(open(f)) for f in sys.argv[1:5])
except Exception as e:
    print("unreadable JSON: %s\n?\n?" % e)
    sys.exit()
pw, ps = ([h["path"] for h in d["hits"]] for d in (w, s))
print("same" if pw == ps and pw else "whole:  %s\nshards: %s" % (pw, ps))
print(len(wa["hits"]), len(sa["hits"]))
print(w["estimated"], s["estimated"])
EOF

queries='audit
consultation periods
"open data"
title:governance
transparency OR accountability
speaker:Smith
publisher:"National Audit Office" OR NAO'

# compare LABEL [OPTION...]: each query over the stub as over the whole.
compare() {
	label=$1
	shift
	i=0
	printf '%s\n' "$queries" >"$scratch/queries"
	while IFS= read -r q; do
		i=$((i + 1))
		ask "$scratch/whole" w "$@" --limit 20 "$q"
		ask "$stub" s "$@" --limit 20 "$q"
		ask "$scratch/whole" wa "$@" --limit 1000 --snippets 0 "$q"
		ask "$stub" sa "$@" --limit 1000 --snippets 0 "$q"
		"$py" "$scratch/same.py" "$scratch/w.json" "$scratch/s.json" \
			"$scratch/wa.json" "$scratch/sa.json" >"$scratch/cmp" 2>&1
		if [ "$(cat "$scratch/s.rc")" != 0 ]; then
			not_ok "$label: '$q' over the remote shards" \
				"exit $(cat "$scratch/s.rc")" "$(cat "$scratch/s.err")"
			continue
		fi
		equals "$label: '$q': the same hits in the same order" same \
			"$(sed -n '1p;/^shards:/p' "$scratch/cmp")"
		counts=$(sed -n 2p "$scratch/cmp")
		equals "$label: '$q': the same number of matches (${counts% *})" \
			"${counts% *} ${counts% *}" "$counts"
		est=$(sed -n 3p "$scratch/cmp")
		if [ "${est% *}" = "${est#* }" ]; then
			ok "$label: '$q': the same estimate (${est% *})"
		else
			printf '# note: %s: %s: estimated %s over the whole, %s over the shards (Xapian estimates it: %s matches in fact)\n' \
				"$label" "'$q'" "${est% *}" "${est#* }" "${counts% *}"
		fi
	done <"$scratch/queries"
}

compare "default ranking"
compare "--feedback 0" --feedback 0

# ---- latency --------------------------------------------------------------------

# ms DB ROUNDS [OPTION...]: the mean time of one search in ms, over ROUNDS
# of every query.
ms() {
	mdb=$1 mrounds=$2
	shift 2
	start=$(date +%s%N)
	r=0
	while [ $r -lt "$mrounds" ]; do
		while IFS= read -r q; do
			timeout 60 "$query" --db "$mdb" --format json "$@" "$q" \
				>/dev/null 2>&1 </dev/null
		done <"$scratch/queries"
		r=$((r + 1))
	done
	end=$(date +%s%N)
	nq=$(wc -l <"$scratch/queries")
	echo $(((end - start) / 1000000 / (mrounds * nq)))
}

# once DB LABEL [OPTION...]: one search for "audit", timed: its time in
# ms in $once, its JSON in LABEL.json.
once() {
	odb=$1 olabel=$2
	shift 2
	start=$(date +%s%N)
	ask "$odb" "$olabel" "$@" --limit 10 audit
	end=$(date +%s%N)
	once=$(((end - start) / 1000000))
}

rounds=3
t_whole=$(ms "$scratch/whole" $rounds)
t_whole0=$(ms "$scratch/whole" $rounds --feedback 0)
t_remote=$(ms "$stub" $rounds)
t_remote0=$(ms "$stub" $rounds --feedback 0)
printf '# latency (mean of %s rounds of the %s queries): whole database here %s ms (--feedback 0: %s ms); two remote shards %s ms (--feedback 0: %s ms)\n' \
	"$rounds" "$(wc -l <"$scratch/queries")" "$t_whole" "$t_whole0" \
	"$t_remote" "$t_remote0"
ok "searches timed: $t_whole ms here, $t_remote ms over the veth pairs ($t_whole0 and $t_remote0 ms with --feedback 0)"

# 50 ms more on the way to shard b: tc netem on the veth end here (it
# delays what leaves by it: every request to shard b), or, where the
# kernel has no netem, a proxy inside shard b's namespace holding every
# chunk of bytes on its way to b's server 50 ms (an approximation: the
# latency, not the packets).
slow= why=
if ! command -v tc >/dev/null; then
	why="tc is missing (apt-get install iproute2)"
elif ! tc qdisc add dev "$host_b" root netem delay 50ms \
	2>"$scratch/tc.err" </dev/null; then
	why="tc netem refused: $(head -1 "$scratch/tc.err")"
fi
if [ -z "$why" ]; then
	slow="tc qdisc add dev $host_b root netem delay 50ms"
	slowstub=$stub
else
	cat >"$scratch/delay.py" <<'EOF'
# delay.py HOST LISTEN_PORT TARGET_PORT MS: forward HOST:LISTEN_PORT to
# HOST:TARGET_PORT, every chunk of bytes on its way there held MS ms (in
# order); the answers come back at once.
import asyncio, sys, time
host, lport, tport = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
delay = float(sys.argv[4]) / 1000
async def pump(reader, writer, delay):
    q = asyncio.Queue()
    async def send():
        while True:
            due, data = await q.get()
            if data is None:
                break
            if due > time.monotonic():
                await asyncio.sleep(due - time.monotonic())
            writer.write(data)
            await writer.drain()
        writer.close()
    sender = asyncio.ensure_future(send())
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            q.put_nowait((time.monotonic() + delay, data))
    finally:
        q.put_nowait((0, None))
        await sender
async def handle(cr, cw):
    try:
        sr, sw = await asyncio.open_connection(host, tport)
    except OSError:
        cw.close()
        return
    await asyncio.gather(pump(cr, sw, delay), pump(sr, cw, 0),
                         return_exceptions=True)
async def main():
    server = await asyncio.start_server(handle, host, lport)
    async with server:
        await server.serve_forever()
asyncio.run(main())
EOF
	"$py" -c 'import os, sys; os.setsid(); os.execvp(sys.argv[1], sys.argv[1:])' \
		ip netns exec "$ns_b" "$py" "$scratch/delay.py" "$addr_b" \
		$((port + 1)) "$port" 50 >"$scratch/delay.log" 2>&1 </dev/null &
	pid_px=$!
	if "$py" "$top_srcdir/tests/listening.py" "$addr_b" $((port + 1)) "$pid_px"; then
		slowstub="$scratch/slow.stub"
		printf 'remote %s:%s\nremote %s:%s\n' "$addr_a" "$port" \
			"$addr_b" $((port + 1)) >"$slowstub"
		slow="a proxy in shard b's namespace holding every request 50 ms ($why)"
	fi
fi
if [ -n "$slow" ]; then
	printf '# delay: %s\n' "$slow"
	once "$stub" fast0 --feedback 0
	once "$slowstub" slow0 --feedback 0
	t_slow0=$once
	once "$slowstub" slow
	t_slow=$once
	t_slowall=$(ms "$slowstub" 1 --feedback 0)
	printf '# latency with 50 ms more to shard b: "audit" %s ms (--feedback 0: %s ms); the %s queries with --feedback 0: %s ms each\n' \
		"$t_slow" "$t_slow0" "$(wc -l <"$scratch/queries")" "$t_slowall"
	equals "with 50 ms more to shard b, searches still work" "0 0" \
		"$(cat "$scratch/slow.rc") $(cat "$scratch/slow0.rc")"
	equals "and find the same" same "$("$py" -c 'import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
print("same" if [h["path"] for h in a["hits"]] == [h["path"] for h in b["hits"]]
      else "differ")' "$scratch/fast0.json" "$scratch/slow0.json" 2>&1)"
	check "each --feedback 0 search taking at least one round trip more ($t_slowall ms against $t_remote0 ms)" \
		test "$t_slowall" -ge $((t_remote0 + 50))
	# Feedback gathers its terms' frequencies in one exchange a shard
	# (before, it asked term by term: 6 s a search here).
	check "and the default feedback a few round trips more, not one a term ($t_slow ms against $t_slow0 ms)" \
		test "$t_slow" -le $((t_slow0 * 4))
	[ -n "${pid_px:-}" ] && stop_process "$pid_px"
	pid_px=
	[ "$slowstub" = "$stub" ] && tc qdisc del dev "$host_b" root 2>/dev/null
else
	ok "# SKIP no delay: $why, and the proxy would not start: $(head -1 "$scratch/delay.log")"
fi

# ---- a shard down ------------------------------------------------------------------

# fail LABEL: the search over the stub, timed; "STATUS MS" in $fail.
fail() {
	start=$(date +%s%N)
	ask "$stub" "$1" --limit 10 audit
	end=$(date +%s%N)
	elapsed=$(((end - start) / 1000000))
	fail="$(cat "$scratch/$1.rc") $elapsed"
}

kill -STOP "$pid_b"
fail hung
printf '# shard b not answering (SIGSTOP): exit %s after %s ms: %s\n' \
	"${fail% *}" "${fail#* }" "$(head -1 "$scratch/hung.err")"
check "with shard b's server not answering, dossier-query fails (exit ${fail% *})" \
	test "${fail% *}" != 0 -a "${fail% *}" != 124
check "saying so on stderr" test -s "$scratch/hung.err"
check "within Xapian's remote timeout, not timeout's 60 s (${fail#* } ms)" \
	test "${fail#* }" -lt 59000
kill -CONT "$pid_b"
ask "$stub" back --limit 10 audit
equals "once it answers again, so does the search" 0 "$(cat "$scratch/back.rc")"

stop_process "$pid_b"
pid_b=
fail down
printf '# shard b stopped: exit %s after %s ms: %s\n' \
	"${fail% *}" "${fail#* }" "$(head -1 "$scratch/down.err")"
equals "with shard b's server stopped, dossier-query fails with exit 3" 3 "${fail% *}"
contains "a message on stderr naming the unreachable shard" \
	"$scratch/down.err" "$addr_b"
check "at once (${fail#* } ms)" test "${fail#* }" -lt 10000
ask "$scratch/a/shard" alone --limit 10 audit
equals "shard a alone still answers (it was not the one down)" 0 \
	"$(cat "$scratch/alone.rc")"

done_testing
