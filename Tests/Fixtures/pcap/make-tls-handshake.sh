#!/bin/sh
# Rewrites tls-handshake.pcap: one real TLS 1.2 handshake on loopback, captured with dumpcap.
# The certificate is made here, self-signed, with the subject Hikvision intercom firmware uses
# (protocols.md §4.8); the client asks for dev.hik-connect.com (protocols.md §9.3).
# Needs root (port 443, capture on lo), openssl and dumpcap (Debian: wireshark-common).
# Traffic stays on 127.0.0.1.
set -eu
out="$(cd "$(dirname "$0")" && pwd)/tls-handshake.pcap"
work="$(mktemp -d)"
trap 'kill "$server" "$capture" 2>/dev/null || true; rm -rf "$work"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -keyout "$work/key.pem" -out "$work/cert.pem" \
    -subj "/C=CN/ST=ZJ/L=HZ/O=HIKVISION/OU=HZ/CN=hikvision.com" 2>/dev/null
dumpcap -q -i lo -f "tcp port 443" -P -w "$work/tls.pcap" -a duration:6 &
capture=$!
sleep 1.5
openssl s_server -accept 127.0.0.1:443 -cert "$work/cert.pem" -key "$work/key.pem" -tls1_2 -quiet &
server=$!
sleep 1
echo | timeout 3 openssl s_client -connect 127.0.0.1:443 -servername dev.hik-connect.com -tls1_2 >/dev/null 2>&1 || true
wait "$capture"
cp "$work/tls.pcap" "$out"
echo "wrote $out"
