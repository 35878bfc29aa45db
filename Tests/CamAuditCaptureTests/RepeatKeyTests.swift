@testable import CamAuditCapture
import Foundation
import Testing

/// Answers to repeated polls differ only in IDs, dates and nonces: one key. Anything else
/// that differs is another key.
@Suite struct RepeatKeyTests {
    func key(_ protocolName: String, _ text: String) -> Int {
        var hasher = Hasher()
        RepeatKey.combine(protocolName: protocolName, Array(text.utf8), into: &hasher)
        return hasher.finalize()
    }

    let challenge = "RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nWWW-Authenticate: Digest realm=\"IP Camera(C2875)\", nonce=\"4e5468694e7a\", stale=\"FALSE\"\r\nDate:  Thu, May 14 2020 16:45:35 GMT\r\n\r\n"

    @Test func pollsOfOneDeviceAreOneKey() {
        let again = challenge.replacingOccurrences(of: "CSeq: 2", with: "CSeq: 7")
            .replacingOccurrences(of: "4e5468694e7a", with: "99aa01ff")
            .replacingOccurrences(of: "16:45:35", with: "16:46:05")
        #expect(key("rtsp", challenge) == key("rtsp", again))
        // A DNS query again, with a new transaction ID.
        #expect(key("dns", "\u{12}\u{34}\u{01}\u{00}name") == key("dns", "\u{56}\u{78}\u{01}\u{00}name"))
    }

    @Test func aDifferentAnswerIsAnotherKey() {
        #expect(key("rtsp", challenge) != key("rtsp", challenge.replacingOccurrences(of: "C2875", with: "C2876")))
        #expect(key("rtsp", challenge) != key("rtsp", challenge.replacingOccurrences(of: "stale=\"FALSE\"", with: "stale=\"TRUE\"")))
        #expect(key("http", "HTTP/1.1 200 OK\r\n\r\n<a/>") != key("http", "HTTP/1.1 200 OK\r\n\r\n<b/>"))
        #expect(key("dns", "\u{12}\u{34}\u{01}\u{00}name") != key("dns", "\u{12}\u{34}\u{01}\u{00}other"))
        // Other protocols are hashed whole.
        #expect(key("dhip", "ab") != key("dhip", "ac"))
    }

    @Test func cutAndOddInputNeverCrashes() {
        for text in ["", "\\n", "nonce=", "WWW-Authenticate: Digest nonce=\"unterminated", "Date:", "\r\n\r\n", "x\\rnonce=,"] {
            _ = key("http", text)
            _ = key("dns", text)
        }
    }
}
