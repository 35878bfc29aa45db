import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// ISO 8601 in UTC with microseconds (`2026-11-23T10:07:42.123456Z`), the resolution pcap
/// timestamps carry, without a shared formatter object (not Sendable on Linux).
public enum Timestamp {
    public static func iso8601(_ date: Date) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(32)
        write(date, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// The same text appended to `text` (JSON output writes it in place, no string between).
    public static func write(_ date: Date, to text: inout [UInt8]) {
        let interval = date.timeIntervalSince1970
        var seconds = time_t(interval.rounded(.down))
        var micros = Int(((interval - Double(seconds)) * 1_000_000).rounded())
        if micros >= 1_000_000 {
            seconds += 1
            micros -= 1_000_000
        }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        // Spelled digit by digit: every evidence item of a large capture's output has one.
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            if rest < 0 || rest >= divisor * 10 { text.append(contentsOf: String(rest).utf8); return }
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1900, 4)
        text.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2)
        text.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2)
        text.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2)
        text.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2)
        text.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2)
        text.append(UInt8(ascii: "."))
        digits(micros, 6)
        text.append(UInt8(ascii: "Z"))
    }
}
