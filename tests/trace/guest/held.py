#!/usr/bin/python3
"""Ask the guest kernel itself which driver backs a bound AF_ALG socket.

For each (type, name): read /proc/crypto, bind and hold a socket, read it
again; the drivers of that algorithm whose refcnt rose while the socket is
held are the ones the kernel chose.  Prints JSON {"type:name": [drivers]}.
This is the independent cross-check for the tracer's driver field.
"""
import json
import socket
import sys


def refcounts():
    out, cur = {}, {}
    with open("/proc/crypto") as f:
        for line in f.read().split("\n") + [""]:
            if not line.strip():
                if "driver" in cur:
                    out[cur["driver"]] = (cur.get("name"), int(cur.get("refcnt", 0)))
                cur = {}
                continue
            k, _, v = line.partition(":")
            cur[k.strip()] = v.strip()
    return out


def held(typ, name, key=None):
    before = refcounts()
    s = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
    try:
        s.bind((typ, name))
    except OSError as e:
        s.close()
        return {"error": e.errno}
    if key:
        s.setsockopt(socket.SOL_ALG, socket.ALG_SET_KEY, key)
    op, _ = s.accept()
    after = refcounts()
    op.close()
    s.close()
    return sorted(d for d, (n, rc) in after.items()
                  if rc > before.get(d, (n, 0))[1] and n == name)


result = {}
for spec in sys.argv[1:]:
    typ, name = spec.split(":", 1)
    key = b"\0" * 16 if typ in ("skcipher", "aead") else None
    result[spec] = held(typ, name, key)
print(json.dumps(result))
