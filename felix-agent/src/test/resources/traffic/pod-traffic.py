#!/usr/bin/env python3
"""Traffic for policy tests, run inside a pod's network namespace.

serve tcp:80,8080 udp:53     answer "ok" on every listed port (IPv4 and IPv6) until killed
probe TIMEOUT CHECK...       run the checks at once; print "CHECK ok" or "CHECK fail" for each
  CHECK is tcp:ADDR:PORT, udp:ADDR:PORT or icmp:ADDR (echo), optionally @SRC to send from SRC;
  ADDR is IPv4 or IPv6 (the port is what follows the last colon)
"""
import os
import select
import socket
import struct
import sys
import threading


def serve(specs):
    socks = []
    for spec in specs:
        proto, ports = spec.split(":", 1)
        for port in ports.split(","):
            # one dual-stack socket per port: IPv4 clients arrive as ::ffff:a.b.c.d
            s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM)
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            if proto == "tcp":
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("::", int(port)))
            if proto == "tcp":
                s.listen(64)
            socks.append((proto, s))
    print("ready", flush=True)
    by_fd = {s.fileno(): (p, s) for p, s in socks}
    while True:
        ready, _, _ = select.select([s for _, s in socks], [], [])
        for r in ready:
            proto, s = by_fd[r.fileno()]
            try:
                if proto == "tcp":
                    c, _ = s.accept()
                    c.sendall(b"ok\n")
                    c.close()
                else:
                    _, peer = s.recvfrom(2048)
                    s.sendto(b"ok", peer)
            except OSError:
                pass


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


def icmp(addr, src, timeout, ident):
    v6 = ":" in addr
    if v6:  # the kernel fills in the ICMPv6 checksum and hands back no IP header
        s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
        request, reply = 128, 129
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
        request, reply = 8, 0
    try:
        if src:
            s.bind((src, 0))
        header = struct.pack("!BBHHH", request, 0, 0, ident, 1)
        payload = b"policy-test"
        packet = struct.pack("!BBHHH", request, 0, 0 if v6 else checksum(header + payload), ident, 1) + payload
        s.sendto(packet, (addr, 0))
        family = socket.AF_INET6 if v6 else socket.AF_INET
        want = socket.inet_pton(family, addr)
        deadline = timeout
        while deadline > 0:
            r, _, _ = select.select([s], [], [], deadline)
            if not r:
                return False
            data, peer = s.recvfrom(2048)
            hl = 0 if v6 else (data[0] & 0x0F) * 4
            typ, _, _, rid, _ = struct.unpack("!BBHHH", data[hl:hl + 8])
            if socket.inet_pton(family, peer[0].split("%")[0]) == want and typ == reply and rid == ident:
                return True
            deadline = timeout / 4  # an unrelated packet: keep waiting a little
        return False
    finally:
        s.close()


def check(spec, timeout, index):
    target, _, src = spec.partition("@")
    proto, _, rest = target.partition(":")
    try:
        if proto == "icmp":
            return icmp(rest, src, timeout, (os.getpid() + index) & 0xFFFF)
        addr, _, port = rest.rpartition(":")
        family = socket.AF_INET6 if ":" in addr else socket.AF_INET
        kind = socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM
        with socket.socket(family, kind) as s:
            s.settimeout(timeout)
            if src:
                s.bind((src, 0))
            s.connect((addr, int(port)))
            if proto == "udp":
                s.send(b"hello")
            return s.recv(16).startswith(b"ok")
    except OSError:
        return False


def probe(timeout, specs):
    results = [None] * len(specs)

    def run(i):
        results[i] = check(specs[i], timeout, i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(specs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for spec, ok in zip(specs, results):
        print(spec, "ok" if ok else "fail")


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2:])
    else:
        probe(float(sys.argv[2]), sys.argv[3:])
