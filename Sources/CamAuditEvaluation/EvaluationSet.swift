import Foundation

/// The labelled data on disk: the corpus fingerprints are written from, and the evaluation set
/// of third-party data kept apart from it (Tests/Fixtures/evaluation/*.jsonl).
public struct EvaluationSet: Sendable {
    public var corpus: [LabelledRecord]
    public var evaluation: [LabelledRecord]
    public var errors: [LabelledRecordReader.LineError]

    public static let defaultCorpusPath = "Tests/Fixtures/corpus/corpus.jsonl"
    public static let defaultEvaluationDirectory = "Tests/Fixtures/evaluation"

    public static func load(corpusPath: String = defaultCorpusPath, evaluationDirectory: String = defaultEvaluationDirectory) throws -> EvaluationSet {
        let corpus = try LabelledRecordReader.read(path: corpusPath)
        var evaluation: [LabelledRecord] = []
        var errors = corpus.errors
        for path in try evaluationFiles(in: evaluationDirectory) {
            let read = try LabelledRecordReader.read(path: path)
            evaluation += read.records
            errors += read.errors
        }
        return EvaluationSet(corpus: corpus.records, evaluation: evaluation, errors: errors)
    }

    static func evaluationFiles(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".jsonl") }
            .sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }
}
