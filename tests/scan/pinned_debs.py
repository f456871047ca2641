"""The pinned Debian packages of tests/scan/packages.txt, fetched once with
'apt-get download NAME=VERSION' into /var/cache/afalg-audit/debs (or
$AFALG_DEB_CACHE), so that later runs are offline.  Used by check-packages
and by the golden tests (tests/golden/run).

    fetch(listing) -> [(name, version, role, path), ...]   in listing order

Exits 1 with a FAIL line when a package cannot be had (a pinned version gone
from the archive, no apt lists).
"""
import glob
import os
import subprocess
import sys


def cache_dir():
    return os.environ.get("AFALG_DEB_CACHE", "/var/cache/afalg-audit/debs")


def pins(listing):
    """(name, version, role) per line of packages.txt."""
    out = []
    with open(listing) as f:
        for line in f:
            line = line.split("#", 1)[0].split()
            if line:
                name, version = line[0].split("=", 1)
                out.append((name, version, line[1]))
    return out


def deb_path(name, version, cache=None):
    # apt-get download names files NAME_VERSION_ARCH.deb with ':' as %3a.
    pattern = os.path.join(cache or cache_dir(), f"{name}_{version.replace(':', '%3a')}_*.deb")
    hits = glob.glob(pattern)
    return hits[0] if hits else None


def fetch(listing):
    cache = cache_dir()
    wanted = pins(listing)
    os.makedirs(cache, exist_ok=True)
    missing = [(n, v) for n, v, _ in wanted if not deb_path(n, v, cache)]
    if missing:
        def download():
            return subprocess.run(["apt-get", "download", *[f"{n}={v}" for n, v in missing]],
                                  cwd=cache, capture_output=True, text=True, timeout=600)
        p = download()
        if p.returncode != 0 and os.geteuid() == 0:
            # A fresh machine may have no package lists yet.
            subprocess.run(["apt-get", "update", "-q"], capture_output=True, timeout=600)
            p = download()
        if p.returncode != 0:
            print(f"FAIL: apt-get download failed (pinned versions gone from the archive? "
                  f"no apt lists? run 'apt-get update'; then compare tests/scan/packages.txt "
                  f"with 'apt-cache policy'):\n{p.stderr[-3000:]}")
            sys.exit(1)
    out, absent = [], []
    for n, v, role in wanted:
        path = deb_path(n, v, cache)
        if not path:
            absent.append(f"{n}={v}")
        out.append((n, v, role, path))
    if absent:
        print(f"FAIL: not in {cache} after apt-get download: {' '.join(absent)}")
        sys.exit(1)
    return out
