#!/usr/bin/python3
"""gcm(aes) through AF_ALG with ALG_SET_AEAD_AUTHSIZE, as a Python program would."""
import socket
import sys

s = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
s.bind(("aead", "gcm(aes)"))
s.setsockopt(socket.SOL_ALG, socket.ALG_SET_KEY, b"\1" * 16)
s.setsockopt(socket.SOL_ALG, socket.ALG_SET_AEAD_AUTHSIZE, None, 16)
op, _ = s.accept()
op.sendmsg_afalg([b"\2" * 32], op=socket.ALG_OP_ENCRYPT, iv=b"\3" * 12, assoclen=0)
ct = op.recv(48)
if len(ct) != 48:
    sys.exit("aead.py: short ciphertext")
print("gcm(aes) ok", ct.hex())
