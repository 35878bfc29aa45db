import CamAuditDissectors
import Foundation

/// A recorded response with the truth about the device that sent it and where it was published.
public struct LabelledRecord: Sendable {
    public var response: RecordedResponse
    /// The real manufacturer, lower case; nil when the source does not establish it.
    public var vendorTruth: String?
    /// The name on the label.
    public var brand: String?
    /// Made by Hikvision or Dahua (or a subsidiary): true or false; nil when not established.
    public var covered: Bool?
    public var model: String?
    public var deviceType: String?
    /// The publication it came from, as `SourceKey` spells it.
    public var sourceKey: String
    /// The file it was read from, for messages.
    public var file: String

    public var id: String { response.id }
    /// Records of one device share this key within one file.
    public var deviceKey: String { "\(file)#\(response.device ?? response.id)" }

    /// A relabel: the label names someone other than the maker (Lorex, Amcrest, Intelbras…).
    public var isRelabel: Bool {
        guard let vendorTruth, let brand = brand?.lowercased(), !brand.isEmpty else { return false }
        return !brand.contains(vendorTruth) && !vendorTruth.contains(brand)
    }
}

/// Reads labelled JSON Lines: the corpus's form (`source` a string) and the evaluation set's
/// (`source` an object with `repo`, `path`, `commit`, `url`, `licence`). A line that cannot be
/// read is reported with file:line and skipped; the rest of the file is kept.
public enum LabelledRecordReader {
    public struct LineError: Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    public static func read(path: String) throws -> (records: [LabelledRecord], errors: [LineError]) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let file = (path as NSString).lastPathComponent
        var records: [LabelledRecord] = []
        var errors: [LineError] = []
        var lineNumber = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
                errors.append(LineError(file: file, line: lineNumber, message: "not a JSON object"))
                continue
            }
            switch RecordedResponse.parse(object, lineNumber: lineNumber) {
            case .failure(let error):
                errors.append(LineError(file: file, line: lineNumber, message: "\(error.id): \(error.message)"))
            case .success(let response):
                guard let key = sourceKey(object["source"]) else {
                    errors.append(LineError(file: file, line: lineNumber, message: "\(response.id): no source (a string, or {\"repo\"|\"url\"|\"path\": …})"))
                    continue
                }
                records.append(LabelledRecord(
                    response: response, vendorTruth: (object["vendor_truth"] as? String)?.lowercased(),
                    brand: object["brand"] as? String, covered: object["covered"] as? Bool,
                    model: object["model"] as? String, deviceType: object["device_type"] as? String,
                    sourceKey: key, file: file))
            }
        }
        return (records, errors)
    }

    static func sourceKey(_ value: Any?) -> String? {
        if let text = value as? String, !text.isEmpty { return SourceKey.of(text) }
        if let object = value as? [String: Any] {
            if let key = SourceKey.of(repo: object["repo"] as? String, url: object["url"] as? String) { return key }
            // A publication without a repository or address (a guide quoted in an unnamed file):
            // its description is the key, so it is at least its own source.
            if let path = object["path"] as? String, !path.isEmpty { return SourceKey.of(path) }
        }
        return nil
    }
}
