import CamAuditImport
import Foundation
import FuzzSupport

// `camaudit import dhcp|mac-table|arp|lldp FILE`: the first input byte picks the kind of
// table, the rest is the file, read by the same line reader, format detection and parsers.
// The reader takes a path, so each input is first written to one scratch file per process.
let scratch = ScratchFile.path("import")
atexit { unlink(scratch) }
let kinds = ImportKind.allCases
fuzz { input in
    guard let first = input.first else { return }
    let kind = kinds[Int(first) % kinds.count]
    ScratchFile.write(Array(input.dropFirst()), to: scratch)
    _ = try? TableReader.read(path: scratch, kind: kind, row: { _ in }, problem: { _ in })
}
