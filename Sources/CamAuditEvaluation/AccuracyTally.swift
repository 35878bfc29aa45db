/// Counts for one slice of the data (a protocol, a family, a source, or all).
public struct AccuracyTally: Sendable, Equatable {
    /// Devices made by a covered family, and how many of them were flagged.
    public var covered = 0
    public var flagged = 0
    /// Covered devices whose maker family was named right (flagged or not).
    public var makerRight = 0
    /// Devices of other makers, and how many of them were flagged.
    public var others = 0
    public var falselyFlagged = 0
    /// Covered devices sold under another name, and how many had their real maker named.
    public var relabels = 0
    public var relabelMakerRight = 0

    public init() {}

    public var recall: Double? { covered == 0 ? nil : Double(flagged) / Double(covered) }
    public var precision: Double? { flagged + falselyFlagged == 0 ? nil : Double(flagged) / Double(flagged + falselyFlagged) }
    public var makerAccuracy: Double? { covered == 0 ? nil : Double(makerRight) / Double(covered) }
    public var relabelMakerAccuracy: Double? { relabels == 0 ? nil : Double(relabelMakerRight) / Double(relabels) }
    /// Other makers' devices flagged, per device: the lookalike rate.
    public var falseFlagRate: Double? { others == 0 ? nil : Double(falselyFlagged) / Double(others) }

    mutating func add(_ outcome: DeviceOutcome) {
        switch outcome.truthCovered {
        case true?:
            covered += 1
            if outcome.flagged { flagged += 1 }
            if outcome.makerRight { makerRight += 1 }
            if outcome.isRelabel {
                relabels += 1
                if outcome.makerRight { relabelMakerRight += 1 }
            }
        case false?:
            others += 1
            if outcome.flagged { falselyFlagged += 1 }
        case nil:
            break
        }
    }
}

/// What the tool concluded about one labelled device.
public struct DeviceOutcome: Sendable {
    public var deviceKey: String
    public var sourceKey: String
    public var recordIDs: [String]
    /// The record's protocol, or `multi` for a device given by several kinds of answer.
    public var protocolName: String
    public var truthMaker: String?
    public var truthCovered: Bool?
    public var isRelabel: Bool
    public var verdict: String
    public var flagged: Bool
    public var predictedMaker: String?
    public var makerRight: Bool
    public var summary: String
    /// Records the dissectors could not read, with why.
    public var errors: [String]

    public init(deviceKey: String, sourceKey: String, recordIDs: [String], protocolName: String, truthMaker: String?,
                truthCovered: Bool?, isRelabel: Bool, verdict: String, flagged: Bool, predictedMaker: String?,
                makerRight: Bool, summary: String, errors: [String]) {
        self.deviceKey = deviceKey
        self.sourceKey = sourceKey
        self.recordIDs = recordIDs
        self.protocolName = protocolName
        self.truthMaker = truthMaker
        self.truthCovered = truthCovered
        self.isRelabel = isRelabel
        self.verdict = verdict
        self.flagged = flagged
        self.predictedMaker = predictedMaker
        self.makerRight = makerRight
        self.summary = summary
        self.errors = errors
    }
}
