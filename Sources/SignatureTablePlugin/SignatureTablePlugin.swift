import Foundation
import PackagePlugin

/// Compiles the reviewable data in `Signatures/` into Swift source, so the binary carries the
/// table and reads no data file at run time. The compiler validates every fingerprint against
/// its own examples and fails the build with file:line diagnostics.
@main
struct SignatureTablePlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let signatures = context.package.directoryURL.appending(path: "Signatures")
        let inputs = try Self.signatureFiles(under: signatures)
        let output = context.pluginWorkDirectoryURL.appending(path: "SignatureTable+Generated.swift")
        return [
            .buildCommand(
                displayName: "Compiling the signature table from Signatures/",
                executable: try context.tool(named: "camaudit-sigc").url,
                arguments: ["compile", signatures.path, "--output", output.path],
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }

    private static func signatureFiles(under root: URL) throws -> [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            return []
        }
        var files: [URL] = []
        for case let url as URL in walker where ["xml", "csv"].contains(url.pathExtension) {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }
}
