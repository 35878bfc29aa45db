#!/usr/bin/env python3
"""Sends malformed and random discovery datagrams to 127.0.0.1 for the daemon soak: what a
misbehaving or hostile device could put on a SPAN port. Loopback only; bounded in time and rate.

usage: hostile_datagrams.py SECONDS RATE SOURCES
  SOURCES distinct senders 127.81.x.y, so the daemon's device table is exercised too.
"""
import random
import socket
import sys
import time

seconds, rate, sources = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
ports = [37810, 37020, 3702, 1900, 5050, 53, 67]
prefixes = [b"", b"<?xml version=\"1.0\"?><ProbeMatch>", b"NOTIFY * HTTP/1.1\r\n", b" \x00\x00\x00DHIP", b"\xb3\x00\x00\x00"]
rng = random.Random(0x50AC)
deadline = time.monotonic() + seconds
sent = 0
while time.monotonic() < deadline:
    index = rng.randrange(sources)
    source = "127.81.%d.%d" % (index // 250, index % 250 + 1)
    port = rng.choice(ports)
    body = rng.choice(prefixes) + rng.randbytes(rng.randrange(0, 1400))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((source, port))
        try:
            sock.sendto(body, ("127.0.0.1", port))
        except OSError:
            pass
    sent += 1
    time.sleep(max(0.0, sent / rate - (seconds - (deadline - time.monotonic()))))
print("hostile_datagrams: sent %d datagrams from %d sources" % (sent, sources))
