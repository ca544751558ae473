# SPDX-License-Identifier: GPL-2.0-or-later
# listening.py HOST PORT PID: wait (10 s at most) until something listens
# on HOST:PORT while process PID runs; exit 0 then, 1 otherwise.  For the
# tests that start Xapian's servers (e2e-replica.sh, netns-shards.sh).
import socket, sys, time
host, port, pid = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def running():
    try:
        with open("/proc/%s/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
deadline = time.time() + 10
while time.time() < deadline and running():
    try:
        socket.create_connection((host, port), 1).close()
        sys.exit(0 if running() else 1)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
