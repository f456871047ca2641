"""A real apt repository made from the pinned Debian packages
(tests/scan/packages.txt), for the survey tests: apt-ftparchive writes
Packages(.xz) and Release, gpg signs InRelease with a throwaway key made
here; a second key signs nothing (a wrong keyring).  Served as a directory,
or over HTTP by RepoServer, which can hold or fail chosen requests.

    make(work, src, names) -> Repo(dir, keyring, other_keyring, debs)
"""
import collections
import http.server
import lzma
import os
import shutil
import subprocess
import sys
import threading

Repo = collections.namedtuple("Repo", "dir keyring other_keyring debs")


def make(work, src, names):
    sys.path.insert(0, os.path.join(src, "tests", "scan"))
    import pinned_debs  # noqa: E402

    for tool in ("apt-ftparchive", "gpg", "gpgv"):
        if not shutil.which(tool):
            print(f"FAIL: {tool} not installed (tools/setup deps --test installs apt-utils, "
                  f"gpg, gpgv)")
            sys.exit(1)
    debs = {n: p for n, v, role, p in
            pinned_debs.fetch(os.path.join(src, "tests/scan/packages.txt")) if n in names}
    if sorted(debs) != sorted(names):
        print(f"FAIL: pinned packages missing: {sorted(set(names) - set(debs))}")
        sys.exit(1)
    repo = os.path.join(work, "repo")
    pooldir = os.path.join(repo, "pool", "main")
    os.makedirs(pooldir)
    for p in debs.values():
        shutil.copy(p, pooldir)
    dist = os.path.join(repo, "dists", "test")
    bindir = os.path.join(dist, "main", "binary-amd64")
    os.makedirs(bindir)
    pk = subprocess.run(["apt-ftparchive", "packages", "pool"], cwd=repo, capture_output=True,
                        check=True).stdout
    with open(os.path.join(bindir, "Packages.xz"), "wb") as f:
        f.write(lzma.compress(pk))
    rel = subprocess.run(["apt-ftparchive", "-o", "APT::FTPArchive::Release::Codename=test",
                          "-o", "APT::FTPArchive::Release::Suite=test",
                          "-o", "APT::FTPArchive::Release::Origin=afalg-audit-test",
                          "release", "."], cwd=dist, capture_output=True, check=True).stdout
    with open(os.path.join(dist, "Release"), "wb") as f:
        f.write(rel)

    gnupg = os.path.join(work, "gnupg")
    os.makedirs(gnupg, mode=0o700)
    genv = dict(os.environ, GNUPGHOME=gnupg)

    def gpg(*args):
        return subprocess.run(["gpg", "--batch", "--quiet", "--pinentry-mode", "loopback",
                               "--passphrase", "", *args], env=genv, capture_output=True,
                              check=True)

    gpg("--quick-gen-key", "afalg-audit test <repo@example.org>", "ed25519", "sign", "never")
    gpg("--quick-gen-key", "someone else <other@example.org>", "ed25519", "sign", "never")
    keyring = os.path.join(work, "repo-key.gpg")
    other = os.path.join(work, "other-key.gpg")
    with open(keyring, "wb") as f:
        f.write(gpg("--export", "repo@example.org").stdout)
    with open(other, "wb") as f:
        f.write(gpg("--export", "other@example.org").stdout)
    gpg("--local-user", "repo@example.org", "--clearsign", "-o",
        os.path.join(dist, "InRelease"), os.path.join(dist, "Release"))
    # The agent gpg started for the keys: not left running.
    subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=genv, capture_output=True)
    return Repo(repo, keyring, other, debs)


def deb_url(repo, name):
    """The request path of a package's .deb, as the survey asks for it ('%' escaped)."""
    return "/pool/main/" + os.path.basename(repo.debs[name]).replace("%", "%25")


class RepoServer:
    """Serves a repository directory on 127.0.0.1.  faults: path -> list of
    actions taken one per request (503, 404, "corrupt"); hold: path -> a
    threading.Event the first request waits for (after setting held[path]).
    log: every request path, in order."""

    def __init__(self, directory):
        outer = self
        self.faults, self.hold, self.held, self.log = {}, {}, {}, []

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *a, **kw):
                super().__init__(*a, directory=directory, **kw)

            def log_message(self, *a):
                pass

            def do_GET(self):
                outer.log.append(self.path)
                ev = outer.hold.pop(self.path, None)
                if ev is not None:
                    outer.held[self.path].set()
                    ev.wait(900)
                acts = outer.faults.get(self.path)
                act = acts.pop(0) if acts else None
                try:
                    if act in (503, 404):
                        self.send_error(act)
                        return
                    if act == "corrupt":
                        with open(os.path.join(directory, self.path.lstrip("/").replace(
                                "%25", "%")), "rb") as f:
                            body = bytearray(f.read())
                        body[len(body) // 2] ^= 0xFF
                        self.send_response(200)
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(bytes(body))
                        return
                    super().do_GET()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client was killed meanwhile (a requeued task)

        self.srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.srv.daemon_threads = True
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.srv.server_address[1]}"

    def hold_first(self, path):
        """The first request of path waits until the returned release event is set;
        held_event is set when it arrives."""
        release, arrived = threading.Event(), threading.Event()
        self.hold[path] = release
        self.held[path] = arrived
        return arrived, release

    def shutdown(self):
        for ev in list(self.hold.values()):
            ev.set()
        self.srv.shutdown()
