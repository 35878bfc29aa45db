import CamAuditImport
import Foundation
import FuzzSupport

// `camaudit import dhcp|mac-table|arp|lldp FILE`: the first input byte picks the kind of
// table, the rest is the file, read by the same line reader, format detection and parsers.
// The reader takes a path, so each input is first written to one scratch file per process.
let scratch = (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/camaudit-fuzz-import-\(getpid()).txt"
atexit { unlink((ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/camaudit-fuzz-import-\(getpid()).txt") }
let kinds = ImportKind.allCases
fuzz { input in
    guard let first = input.first else { return }
    let kind = kinds[Int(first) % kinds.count]
    guard FileManager.default.createFile(atPath: scratch, contents: Data(input.dropFirst())) else { fatalError("cannot write \(scratch)") }
    _ = try? TableReader.read(path: scratch, kind: kind, row: { _ in }, problem: { _ in })
}
