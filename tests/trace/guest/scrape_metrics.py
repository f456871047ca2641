#!/usr/bin/python3
"""In a guest: serve DIR with Debian's prometheus-node-exporter (textfile
collector only, as user nobody: the tracer's file must be readable by
another user) and print what its /metrics says, over HTTP.

Usage: scrape_metrics.py DIR
Polls (bounded) until the exporter answers; exit 1 if it never does.
"""
import os
import pwd
import socket
import subprocess
import sys
import time
import urllib.request

textdir = sys.argv[1]
nobody = pwd.getpwnam("nobody")
s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
ne = subprocess.Popen(["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}",
                       "--clear-groups", "/usr/bin/prometheus-node-exporter",
                       "--collector.disable-defaults", "--collector.textfile",
                       f"--collector.textfile.directory={textdir}",
                       f"--web.listen-address=127.0.0.1:{port}"],
                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
try:
    end = time.monotonic() + 120
    while time.monotonic() < end and ne.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
                sys.stdout.write(r.read().decode())
                sys.exit(0)
        except OSError:
            time.sleep(0.2)
    print(f"scrape_metrics: no answer from node_exporter (exit {ne.poll()})", file=sys.stderr)
    sys.exit(1)
finally:
    if ne.poll() is None:
        ne.terminate()
    err = ne.communicate()[1].decode(errors="replace")
    if ne.returncode not in (0, -15):
        sys.stderr.write(err[-2000:])
