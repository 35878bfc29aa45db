import ArgumentParser
import CamAuditPattern
import CamAuditSignatures
import CCurlShim
import CPcap

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print versions of camaudit, its signature table and the libraries it runs on.")

    func run() throws {
        let set = BuiltInSignatures.set
        Output.line("camaudit \(CamAuditVersion.string)")
        Output.line("signature table \(BuiltInSignatures.table.version) (\(set.fingerprints.count) fingerprints, \(set.ouis.count) OUI assignments)")
        Output.line("policy \(set.policy.version), reviewed \(set.policy.reviewed)")
        Output.line("OUI registry: \(set.ouiSource)")
        Output.line("PCRE2 \(pcre2Version)")
        Output.line(String(cString: pcap_lib_version()))
        Output.line(String(cString: curl_version()))
    }
}
