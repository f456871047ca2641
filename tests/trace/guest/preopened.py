#!/usr/bin/python3
"""A daemon's AF_ALG socket opened before the tracer started.

Binds and accepts a sha256 op socket, says so in READY, waits for GO, then
hashes COUNT x 64 bytes (write 64, read 32) and stays alive (as a daemon
would) until DONE exists, at most 300 s.  The tracer sees none of its socket,
bind or accept: its first findings are data operations.
Usage: preopened.py READY GO COUNT DONE
"""
import os
import socket
import sys
import time

ready, go, count, done = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
s = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
s.bind(("hash", "sha256"))
op, _ = s.accept()
open(ready, "w").close()
while not os.path.exists(go):
    time.sleep(0.1)
for _ in range(count):
    op.sendall(b"\0" * 64)
    op.recv(32)
# Until the test has seen the tracer name it (an event, not a time).
for _ in range(3000):
    if os.path.exists(done):
        break
    time.sleep(0.1)
