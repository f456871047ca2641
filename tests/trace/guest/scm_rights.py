"""An op socket passed on (issue #17): this process (the sender) makes a
hash sha256 op socket and sends it over SCM_RIGHTS to a receiver (another
executable, argv[1]), which execs a third one (argv[2]) that does the
hashing on the inherited descriptor and nothing else: no socket(), no
bind(), no accept() of its own.  Prints the digest the user got.
Usage: scm_rights.py send RECEIVER_EXE USER_EXE."""
import os
import socket
import sys

if sys.argv[1] == "send":  # the sender
    recv_exe, user_exe = sys.argv[2], sys.argv[3]
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    alg = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
    alg.bind(("hash", "sha256"))
    op, _ = alg.accept()
    b.set_inheritable(True)
    pid = os.fork()
    if pid == 0:
        a.close()
        os.execv(recv_exe, [recv_exe, __file__, "recv", str(b.fileno()), user_exe])
    b.close()
    socket.send_fds(a, [b"op"], [op.fileno()])
    op.close()
    alg.close()
    _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status))
elif sys.argv[1] == "recv":  # the receiver: take the descriptor, exec the user
    conn = socket.socket(fileno=int(sys.argv[2]))
    _, fds, _, _ = socket.recv_fds(conn, 16, 1)
    os.set_inheritable(fds[0], True)
    os.execv(sys.argv[3], [sys.argv[3], __file__, "use", str(fds[0])])
else:  # the user: data operations only, on the descriptor it was given
    # family and type given: an op socket has no name for socket() to ask
    op = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0, fileno=int(sys.argv[2]))
    op.sendall(b"abc")
    print(op.recv(32).hex())
