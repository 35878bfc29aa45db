import CamAuditModel
import Foundation
import Testing

/// Timestamps are spelled digit by digit (every evidence item of a large capture has one);
/// they must read as ISO 8601 in UTC with microseconds, as a formatter would write them.
@Suite struct TimestampTests {
    @Test func knownInstants() {
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000Z")
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: 1_790_000_000.123456)) == "2026-09-21T14:13:20.123456Z")
        // Microseconds that round up to the next second carry into it.
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: 59.9999996)) == "1970-01-01T00:01:00.000000Z")
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.500000Z")
        // Years past 9999 keep every digit.
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: 253_402_300_800)) == "10000-01-01T00:00:00.000000Z")
    }

    @Test func agreesWithAFormatter() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let seconds = Int.random(in: 0..<4_102_444_800, using: &generator)
            let micros = Int.random(in: 0..<1_000_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
            let spelled = Timestamp.iso8601(date)
            // The formatter's whole seconds, and the fraction as the timestamp rounds it.
            let whole = formatter.string(from: Date(timeIntervalSince1970: Double(seconds)))
            #expect(spelled.hasPrefix(whole) || spelled.hasPrefix(formatter.string(from: Date(timeIntervalSince1970: Double(seconds + 1)))), "\(spelled) \(whole)")
            #expect(spelled.count == 27 && spelled.hasSuffix("Z"), "\(spelled)")
        }
    }
}
