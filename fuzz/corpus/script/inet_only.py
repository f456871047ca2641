"""Negative: a plain UDP socket."""
import socket

# AF_ALG would be socket family 38
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.close()
