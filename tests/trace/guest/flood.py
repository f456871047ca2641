#!/usr/bin/python3
"""More distinct findings than the tracer's table holds: binds of N names that
do not exist (each a distinct key), then a real hash.  Exit 0 if the real
hash worked, whatever the tracer did."""
import socket
import sys

n = int(sys.argv[1])
for i in range(n):
    s = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
    try:
        s.bind(("hash", f"nosuch-{i}"))
    except OSError:
        pass
    s.close()
s = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
s.bind(("hash", "sha256"))
op, _ = s.accept()
op.sendall(b"abc")
print(op.recv(32).hex())
