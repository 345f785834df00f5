#!/usr/bin/env python3
"""Small TCP helpers for tests/t_faults.sh (127.0.0.1 only).

netutil.py hold PORT READYFILE COUNTFILE [SECONDS]
    Listen on 127.0.0.1:PORT (backlog 16), create READYFILE, then wait up to
    SECONDS (default 30).  On SIGTERM or at the end, accept every pending
    connection without blocking and write their number to COUNTFILE.

netutil.py probe PORT
    Connect to 127.0.0.1:PORT once; exit 0 if the connection was accepted
    into a listen queue, 1 otherwise.

netutil.py stray PORT CONNFILE COUNTFILE [SECONDS [READYFILE]]
    Create READYFILE (if given), then try to connect to 127.0.0.1:PORT
    every 5 ms for up to SECONDS (default 10).  Once connected, create
    CONNFILE, read until EOF, an error or SECONDS more, and write the
    number of bytes received to COUNTFILE ("-1" if it never connected).
"""

import os
import signal
import socket
import sys
import time


def hold(port, ready, countfile, seconds=30.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", port))
    s.listen(16)
    done = []

    def finish(*_):
        if done:
            return
        done.append(1)
        s.setblocking(False)
        n = 0
        while True:
            try:
                c, _ = s.accept()
                c.close()
                n += 1
            except OSError:
                break
        with open(countfile, "w") as f:
            f.write("%d\n" % n)
        sys.exit(0)

    signal.signal(signal.SIGTERM, finish)
    open(ready, "w").close()
    end = time.time() + seconds
    while time.time() < end:
        time.sleep(0.05)
    finish()


def probe(port):
    try:
        c = socket.create_connection(("127.0.0.1", port), timeout=2)
        c.close()
        return 0
    except OSError:
        return 1


def stray(port, connfile, countfile, seconds=10.0, ready=None):
    if ready:
        open(ready, "w").close()
    end = time.time() + seconds
    c = None
    while time.time() < end:
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            c.connect(("127.0.0.1", port))
            break
        except OSError:
            c.close()
            c = None
            time.sleep(0.005)
    if c is None:
        with open(countfile, "w") as f:
            f.write("-1\n")
        return 0
    open(connfile, "w").close()
    n = 0
    end = time.time() + seconds
    c.settimeout(0.2)
    while time.time() < end:
        try:
            d = c.recv(65536)
        except socket.timeout:
            continue
        except OSError:
            break
        if not d:
            break
        n += len(d)
    c.close()
    with open(countfile, "w") as f:
        f.write("%d\n" % n)
    return 0


def main():
    a = sys.argv[1:]
    if a[:1] == ["hold"] and len(a) in (4, 5):
        hold(int(a[1]), a[2], a[3], *(float(x) for x in a[4:]))
        return 0
    if a[:1] == ["probe"] and len(a) == 2:
        return probe(int(a[1]))
    if a[:1] == ["stray"] and len(a) in (4, 5, 6):
        return stray(int(a[1]), a[2], a[3], *(float(x) for x in a[4:5]),
                     *a[5:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
