import CamAuditSignatureFormat
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// camaudit-sigc compile <Signatures dir> --output <file.swift>
// Validates Signatures/ and writes the compiled table. Diagnostics go to stderr as
// `Signatures/…:LINE: error: …` and any of them fails the build.

func printError(_ message: String) {
    var text = message + "\n"
    text.withUTF8 { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
}

func fail(_ message: String) -> Never {
    printError("camaudit-sigc: \(message)")
    exit(2)
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 4, arguments[0] == "compile", arguments[2] == "--output" else {
    fail("usage: camaudit-sigc compile <Signatures directory> --output <file.swift>")
}
let root = arguments[1].hasSuffix("/") ? String(arguments[1].dropLast()) : arguments[1]
let outputPath = arguments[3]
let packageRoot = root.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")

let files = SignatureDirectory.files(under: root)
guard !files.isEmpty else { fail("no .xml or .csv files under \(root)") }
// Diagnostics name files relative to the package, as a reviewer sees them.
let (set, parseDiagnostics) = SignatureDirectory.load(files: files) { path in
    path.hasPrefix(packageRoot + "/") ? String(path.dropFirst(packageRoot.count + 1)) : path
}
let diagnostics = parseDiagnostics + SignatureValidator().validate(set)
if !diagnostics.isEmpty {
    for diagnostic in diagnostics {
        printError("\(diagnostic)")
    }
    printError("camaudit-sigc: \(diagnostics.count) error(s) in Signatures/; the table was not compiled")
    exit(1)
}

let source = SwiftTableGenerator().generate(set)
guard let file = fopen(outputPath, "wb") else { fail("cannot write \(outputPath)") }
_ = source.utf8CString.withUnsafeBufferPointer { buffer in
    fwrite(buffer.baseAddress, 1, buffer.count - 1, file)
}
fclose(file)
