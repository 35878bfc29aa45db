import CamAuditModel
import CamAuditSignatureFormat
import CamAuditSignatures

/// The observation mix the benchmarks run: every example and negative of the built-in table
/// (real banners), plus values no fingerprint matches, which dominate on a real network.
public enum Workload {
    /// Values no fingerprint matches, cycled: the bulk of what passive capture sees.
    public static func ordinaryTraffic() -> [Observation] {
        let values: [(String, String)] = [
            (ObservationField.httpServer, "nginx/1.24.0"), (ObservationField.httpServer, "Apache/2.4.57 (Debian)"),
            (ObservationField.httpServer, "Microsoft-IIS/10.0"), (ObservationField.httpServer, "cloudflare"),
            (ObservationField.httpTitle, "Welcome to nginx!"), (ObservationField.httpTitle, "Sign in to your account"),
            (ObservationField.httpRealm, "Restricted"), (ObservationField.dnsQuery, "www.google.com"),
            (ObservationField.dnsQuery, "outlook.office365.com"), (ObservationField.dnsQuery, "clients4.google.com"),
            (ObservationField.dnsQuery, "api.classroom.example.org"), (ObservationField.tlsSubject, "CN=*.google.com,O=Google LLC,C=US"),
            (ObservationField.tlsIssuer, "CN=R3,O=Let's Encrypt,C=US"), (ObservationField.macAddress, "3c:22:fb:12:34:56"),
            (ObservationField.dhcpVendorClass, "MSFT 5.0"), (ObservationField.dhcpVendorClass, "android-dhcp-13"),
            (ObservationField.httpHeaderNames, "Date,Server,Content-Type,Content-Length,Connection"),
            (ObservationField.snmpSysDescr, "Linux gw 6.1.0-13-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 x86_64"),
        ]
        return values.map { Observation(field: $0.0, value: $0.1) }
    }

    public static func observations() -> [Observation] {
        let set = BuiltInSignatures.set
        var out: [Observation] = []
        for fingerprint in set.fingerprints {
            for example in fingerprint.examples {
                out.append(Observation(field: fingerprint.fields[0], value: example.value))
            }
        }
        for negative in set.negatives {
            out.append(Observation(field: negative.fields[0], value: negative.value))
        }
        let misses = [
            (ObservationField.httpServer, "nginx/1.24.0"), (ObservationField.httpServer, "Apache/2.4.57 (Debian)"),
            (ObservationField.httpServer, "Microsoft-IIS/10.0"), (ObservationField.httpTitle, "Welcome to nginx!"),
            (ObservationField.httpRealm, "Restricted"), (ObservationField.dnsQuery, "www.google.com"),
            (ObservationField.dnsQuery, "outlook.office365.com"), (ObservationField.tlsSubject, "CN=*.google.com,O=Google LLC,C=US"),
            (ObservationField.macAddress, "3c:22:fb:12:34:56"), (ObservationField.dhcpVendorClass, "MSFT 5.0"),
            (ObservationField.rtspServer, "GStreamer RTSP server"), (ObservationField.httpHeaderNames, "Date,Server,Content-Type,Content-Length"),
        ]
        for _ in 0..<4 {
            for (field, value) in misses { out.append(Observation(field: field, value: value)) }
        }
        return out
    }
}
