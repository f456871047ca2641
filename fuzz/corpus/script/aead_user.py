#!/usr/bin/python3
"""AEAD through AF_ALG, as in the trace tests."""
import socket

with socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0) as s:
    s.bind(("aead", "gcm(aes)"))
