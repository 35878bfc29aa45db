#!/usr/bin/env python3
"""Writes the seed corpus of one fuzz target into a directory, from the repository's fixtures.

Seeds are made afresh on every run (never committed): the corpus records of
Tests/Fixtures/corpus and Tests/Fixtures/evaluation, the captures of Tests/Fixtures, the
signature files and the example configuration. Usage: seeds.py TARGET OUTDIR
"""
import glob
import hashlib
import json
import os
import re
import struct
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(ROOT, "Tests", "Fixtures")
# Captures over this size make every execution slow without adding protocols; the larger
# evaluation captures are cut to their first frames for the packet target instead.
MAX_SEED = 64 << 10


def records():
    paths = [os.path.join(FIXTURES, "corpus", "corpus.jsonl")]
    paths += sorted(glob.glob(os.path.join(FIXTURES, "evaluation", "*.jsonl")))
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                line = line.strip()
                if line:
                    yield line, json.loads(line)


def payload(record):
    text = record.get("payload", "")
    if record.get("encoding") == "hex":
        try:
            return bytes.fromhex(text)
        except ValueError:
            return b""
    return text.encode("utf-8")


def protocols():
    """ProtocolDissector.protocols in order: the fuzz target picks a protocol by index."""
    source = open(os.path.join(ROOT, "Sources", "CamAuditDissectors", "ProtocolDissector.swift"), encoding="utf-8").read()
    body = re.search(r"protocols: \[String\] = \[(.*?)\]", source, re.S).group(1)
    return re.findall(r'"([^"]+)"', body)


def pcap_frames(path):
    """(link type, frames) of a classic pcap file, either byte order."""
    data = open(path, "rb").read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        order = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        order = ">"
    else:
        return None, []
    link = struct.unpack(order + "I", data[20:24])[0]
    frames, offset = [], 24
    while offset + 16 <= len(data):
        caplen = struct.unpack(order + "I", data[offset + 8:offset + 12])[0]
        frames.append(data[offset + 16:offset + 16 + caplen])
        offset += 16 + caplen
    return link, frames


def link_types():
    """LinkType.supported, sorted, as the packet target indexes it."""
    source = open(os.path.join(ROOT, "Sources", "CamAuditCapture", "PacketDecoder.swift"), encoding="utf-8").read()
    return sorted(int(value) for value in re.findall(r"public static let \w+: Int32 = (\d+)", source))


def ipv6_discovery():
    """(protocol, bytes) of the IPv6 discovery messages, which have no corpus records: laid out
    as their RFCs define them (the same layouts as IPv6DiscoveryDissectorTests)."""
    mac = bytes.fromhex("08eded112233")
    link_local = bytes.fromhex("fe800000000000000aededfffe112233")

    def option(code, value):
        return struct.pack(">HH", code, len(value)) + value

    def name(*labels, root=True):
        return b"".join(bytes([len(label)]) + label.encode() for label in labels) + (b"\x00" if root else b"")

    # RFC 4861 §4.3 Neighbor Solicitation with a Source Link-Layer Address option (§4.6.1),
    # §4.4 Neighbor Advertisement with the Target option, §4.1 Router Solicitation.
    yield "ndp", bytes([135, 0, 0, 0, 0, 0, 0, 0]) + link_local + bytes([1, 1]) + mac
    yield "ndp", bytes([136, 0, 0, 0, 0x60, 0, 0, 0]) + link_local + bytes([2, 1]) + mac
    yield "ndp", bytes([133, 0, 0, 0, 0, 0, 0, 0, 1, 1]) + mac
    # RFC 8415 Solicit: DUID-LL (§11.4), Option Request (§21.7), Vendor Class (§21.16),
    # Client FQDN (RFC 4704); and the same in a Relay-forward (§9, option 9).
    solicit = (bytes([1, 0x5A, 0x1B, 0x2C]) + option(1, bytes([0, 3, 0, 1]) + mac) + option(6, bytes([0, 23, 0, 24, 0, 39]))
               + option(16, struct.pack(">IH", 39165, 9) + b"hikvision") + option(39, b"\x01" + name("DS-2CD2143G0-I", "school")))
    yield "dhcpv6", solicit
    yield "dhcpv6", bytes([12, 0]) + bytes(16) + link_local + option(9, solicit)
    # RFC 6762 §18 answer: PTR _http._tcp.local -> instance, TXT, compression pointers.
    service = name("_http", "_tcp", "local")
    instance = name("Camera", root=False) + b"\xc0\x0c"
    txt = b"\x09path=/doc"
    yield "mdns", (bytes([0, 0, 0x84, 0, 0, 0, 0, 2, 0, 0, 0, 0]) + service + struct.pack(">HHIH", 12, 1, 4500, len(instance)) + instance
                   + b"\xc0\x28" + struct.pack(">HHIH", 16, 0x8001, 4500, len(txt)) + txt)


def ipv6_frames():
    """Ethernet frames carrying the IPv6 discovery messages (RFC 8200 §3 header; ICMPv6 for
    NDP with hop limit 255, UDP 546->547 for DHCPv6 and 5353 for mDNS), for the packet target."""
    source_mac, link_local = bytes.fromhex("08eded112233"), bytes.fromhex("fe800000000000000aededfffe112233")
    groups = {"ndp": bytes.fromhex("ff020000000000000000000000000001"), "dhcpv6": bytes.fromhex("ff020000000000000000000000010002"),
              "mdns": bytes.fromhex("ff0200000000000000000000000000fb")}
    ports = {"dhcpv6": (546, 547), "mdns": (5353, 5353)}
    for name, body in ipv6_discovery():
        if name == "ndp":
            next_header, hops, payload = 58, 255, body
        else:
            source, destination = ports[name]
            next_header, hops, payload = 17, 255, struct.pack(">HHHH", source, destination, 8 + len(body), 0) + body
        packet = struct.pack(">IHBB", 0x60000000, len(payload), next_header, hops) + link_local + groups[name] + payload
        yield bytes.fromhex("333300000001") + source_mac + b"\x86\xdd" + packet


def seeds(target):
    if target == "dissect":
        names = protocols()
        for _, record in records():
            name = record.get("protocol")
            if name in names:
                yield bytes([names.index(name)]) + payload(record)
        for name, body in ipv6_discovery():
            yield bytes([names.index(name)]) + body
    elif target == "records":
        for line, _ in records():
            yield line.encode("utf-8")
    elif target == "xml":
        for _, record in records():
            body = payload(record)
            start = body.find(b"<")
            if start >= 0 and b">" in body[start:]:
                yield body[start:]
        for path in glob.glob(os.path.join(ROOT, "Signatures", "**", "*.xml"), recursive=True):
            yield open(path, "rb").read()
    elif target == "signatures":
        for path in glob.glob(os.path.join(ROOT, "Signatures", "**", "*.xml"), recursive=True):
            yield open(path, "rb").read()
        for path in glob.glob(os.path.join(FIXTURES, "signatures", "**", "*.xml"), recursive=True):
            yield open(path, "rb").read()
    elif target == "config":
        yield open(os.path.join(ROOT, "Packaging", "camaudit.yaml"), "rb").read()
    elif target == "pcap":
        for path in glob.glob(os.path.join(FIXTURES, "**", "*.pcap*"), recursive=True):
            yield open(path, "rb").read()
    elif target == "packets":
        types = link_types()
        for path in glob.glob(os.path.join(FIXTURES, "**", "*.pcap"), recursive=True):
            link, frames = pcap_frames(path)
            if link not in types:
                continue
            seed = bytes([types.index(link)])
            for frame in frames:
                chunk = struct.pack(">H", len(frame)) + frame[:0xFFFF]
                if len(seed) + len(chunk) > MAX_SEED:
                    break
                seed += chunk
            yield seed
        ethernet = bytes([types.index(1)])
        frames = list(ipv6_frames())
        yield ethernet + b"".join(struct.pack(">H", len(frame)) + frame for frame in frames)
    elif target == "import":
        # The first byte picks the kind of table (fuzz-import): every fixture under each kind.
        for path in sorted(glob.glob(os.path.join(FIXTURES, "import", "*"))):
            body = open(path, "rb").read()
            for kind in range(4):
                yield bytes([kind]) + body
    else:
        raise SystemExit(f"seeds.py: unknown target {target}")


def findings(target):
    """Inputs earlier runs found (Tests/Fixtures/fuzz/TARGET): replayed by every run, the CI
    smoke included, so a fixed finding that comes back fails at once."""
    for path in sorted(glob.glob(os.path.join(FIXTURES, "fuzz", target, "*"))):
        yield open(path, "rb").read()


def main():
    target, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    count = 0
    for seed in list(seeds(target)) + list(findings(target)):
        if 0 < len(seed) <= MAX_SEED:
            with open(os.path.join(out, hashlib.sha1(seed).hexdigest()), "wb") as handle:
                handle.write(seed)
            count += 1
    print(count)


if __name__ == "__main__":
    main()
