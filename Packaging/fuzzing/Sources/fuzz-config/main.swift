import CamAuditDaemon
import FuzzSupport

// The daemon's configuration as `config check`, `daemon` and `scheduled-run` read it; the
// loader refuses non-UTF-8 and files over its size limit before parsing, and so does this.
fuzz { input in
    guard input.count <= ConfigurationLoader.maximumBytes, let text = String(validating: input, as: UTF8.self) else { return }
    _ = try? ConfigurationLoader.parse(text, file: "fuzz.yaml")
}
