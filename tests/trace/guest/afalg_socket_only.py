#!/usr/bin/python3
"""Open and bind one AF_ALG hash socket (run as a non-root user by the tests)."""
import socket

s = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
s.bind(("hash", "sha1"))
op, _ = s.accept()
op.sendall(b"abc")
print("sha1 ok", op.recv(20).hex())
