#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loads a `Signatures/` tree (or single files) from disk: used by the compiler and by
/// `camaudit signatures verify`, never by the matcher at run time.
public enum SignatureDirectory {
    /// Files in a stable order, so that diagnostics and the generated code are reproducible.
    public static func files(under root: String) -> [String] {
        var found: [String] = []
        func walk(_ directory: String) {
            guard let handle = opendir(directory) else { return }
            defer { closedir(handle) }
            var names: [String] = []
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name.hasPrefix(".") { continue }
                names.append(name)
            }
            for name in names.sorted() {
                let path = directory + "/" + name
                var info = stat()
                guard stat(path, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    walk(path)
                } else if name.hasSuffix(".xml") || name.hasSuffix(".csv") {
                    found.append(path)
                }
            }
        }
        walk(root)
        return found
    }

    /// Parses the given files; `displayPath` maps an absolute path to what diagnostics show.
    public static func load(files: [String], displayPath: (String) -> String = { $0 }) -> (SignatureSet, [Diagnostic]) {
        var parser = SignatureParser()
        var set = SignatureSet()
        var diagnostics: [Diagnostic] = []
        for file in files {
            guard let bytes = readFile(file) else {
                diagnostics.append(Diagnostic(location: SourceLocation(file: displayPath(file), line: 0), message: "cannot read file"))
                continue
            }
            if file.hasSuffix(".csv") {
                parser.parseOUICSV(String(decoding: bytes, as: UTF8.self), path: displayPath(file), into: &set)
            } else {
                parser.parseXML(bytes, path: displayPath(file), into: &set)
            }
        }
        diagnostics += parser.diagnostics
        return (set, diagnostics)
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count > 0 { bytes += chunk[0..<count] }
            if count < chunk.count { break }
        }
        return bytes
    }
}
