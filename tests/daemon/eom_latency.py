#!/usr/bin/env python3
"""eom_latency.py REPLYGUARD POLICYDIR [PORT]

An end-of-message answer of several packets (a header added, then the
verdict) comes without delay over a TCP milter socket.  With Nagle's
algorithm on the session socket the verdict waited for the MTA's
acknowledgement of the header, which the MTA delays (up to 40 ms on
Linux) since it has nothing to send until the verdict: 40 ms per message.

Starts replyguard on 127.0.0.1:PORT (default: a free one), sends nine messages as an MTA does
(milter protocol 6, one session each, from a client socket without
Nagle's algorithm, so only replyguard's side is measured), and fails
unless the median time from end-of-message to the verdict is under 20 ms.
"""
import os
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time

# protocol steps the milter may decline (SMFIP_NO*) or not answer (SMFIP_NR_*)
NO = {"C": 0x1, "H": 0x2, "M": 0x4, "R": 0x8, "B": 0x10, "L": 0x20, "N": 0x40}
NR = {"C": 0x1000, "H": 0x2000, "M": 0x4000, "R": 0x8000, "L": 0x80,
      "N": 0x40000, "B": 0x80000}
FINAL = set(b"acdrty")          # accept, continue, discard, reject, tempfail, replycode


def packet(cmd, data=b""):
    return struct.pack(">I", len(data) + 1) + cmd.encode() + data


def read_packet(sock):
    head = b""
    while len(head) < 4:
        chunk = sock.recv(4 - len(head))
        if not chunk:
            raise EOFError("replyguard closed the session")
        head += chunk
    (size,) = struct.unpack(">I", head)
    body = b""
    while len(body) < size:
        chunk = sock.recv(size - len(body))
        if not chunk:
            raise EOFError("replyguard closed the session")
        body += chunk
    return body[:1], body[1:]


def z(*parts):
    return b"".join(p.encode() + b"\0" for p in parts)


def session(port, body):
    """one message; returns (seconds from end-of-message to the verdict,
    the commands of the answer)"""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.sendall(packet("O", struct.pack(">III", 6, 0x1FF, 0x1FFFFF)))
        cmd, data = read_packet(sock)
        assert cmd == b"O", cmd
        _, _, steps = struct.unpack(">III", data[:12])

        def step(cmd, data=b""):
            if steps & NO.get(cmd, 0):
                return
            sock.sendall(packet(cmd, data))
            if not steps & NR.get(cmd, 0):
                answer, _ = read_packet(sock)
                assert answer == b"c", (cmd, answer)

        sock.sendall(packet("D", b"C" + z("j", "mta.example", "{daemon_name}",
                                          "ORIGINATING")))
        step("C", z("localhost") + b"4" + struct.pack(">H", 40000) +
             z("127.0.0.1"))
        sock.sendall(packet("D", b"M" + z("i", "4ABCDE", "{auth_authen}",
                                          "agent")))
        step("M", z("<agent@scoped.example>"))
        step("R", z("<customer@customer.example>"))
        for name, value in (("From", "Ann Lee <agent@scoped.example>"),
                            ("To", "customer@customer.example"),
                            ("Subject", "Re: Order 300457 late delivery"),
                            ("In-Reply-To", "<q1@customer.example>"),
                            ("Content-Type", "text/plain; charset=utf-8")):
            step("L", z(name, value))
        step("N")
        step("B", body)
        start = time.monotonic()
        sock.sendall(packet("E"))
        answer = []
        while not answer or answer[-1] not in FINAL:
            cmd, _ = read_packet(sock)
            answer.append(cmd[0])
        return time.monotonic() - start, bytes(answer)
    finally:
        sock.close()


def main():
    binary, policies = sys.argv[1], os.path.abspath(sys.argv[2])
    if len(sys.argv) > 3:
        port = int(sys.argv[3])
    else:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    body = (b"Dear Mr Smith,\r\n\r\nthank you for your message about order "
            b"300457. I am sorry that the parcel arrived late. I have sent a "
            b"replacement today and it will reach you by Friday. If anything "
            b"is unclear, just reply to this e-mail.\r\n\r\nKind regards,\r\n"
            b"Ann Lee\r\nCustomer Support Specialist\r\n+44 20 7946 0000\r\n")
    with tempfile.TemporaryDirectory() as tmp:
        conf = os.path.join(tmp, "replyguard.conf")
        with open(conf, "w") as f:
            f.write("[engine]\npolicy-dir = %s\n[milter]\ncheck-authenticated = "
                    "true\nheader-on-pass = true\n" % policies)
        log = open(os.path.join(tmp, "replyguard.log"), "w")
        daemon = subprocess.Popen([binary, "-f", "-c", conf, "-p",
                                   "inet:%d@127.0.0.1" % port],
                                  stdout=log, stderr=subprocess.STDOUT)
        try:
            # wait for the port (10 s at most)
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", port), 1).close()
                    break
                except OSError:
                    if daemon.poll() is not None:
                        log.close()
                        sys.exit("replyguard exited:\n" + open(log.name).read())
                    time.sleep(0.05)
            else:
                sys.exit("replyguard did not listen on port %d" % port)
            times = []
            for i in range(9):
                seconds, answer = session(port, body)
                if answer[:1] != b"h" or answer[-1:] != b"c":
                    sys.exit("message %d: answer %r, expected a header "
                             "added, then continue" % (i + 1, answer))
                times.append(seconds * 1000)
        finally:
            daemon.terminate()
            daemon.wait(10)
    median = statistics.median(times)
    print("end-of-message to verdict: median %.1f ms, slowest %.1f ms"
          % (median, max(times)))
    if median >= 20:
        sys.exit("FAIL: the verdict came %.1f ms after end-of-message" % median)
    print("ok")


if __name__ == "__main__":
    main()
