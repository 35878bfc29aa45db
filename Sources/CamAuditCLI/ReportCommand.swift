import ArgumentParser
import CamAuditMatching
import CamAuditReports
import CamAuditSignatures
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a report from the inventory: HTML for the board, CSV/JSON/Markdown for IT staff, PDF through headless Chromium.",
        discussion: "Column names of CSV and JSON are documented in the README and kept stable."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case html, csv, json, md, pdf
    }

    @OptionGroup var inventory: InventoryOptions

    @Option(help: "html, csv, json, md or pdf.")
    var format: Format = .html

    @Option(help: "Where to write the report; standard output when omitted (not for pdf).")
    var output: String?

    func validate() throws {
        if format == .pdf && output == nil { throw ValidationError("--format pdf needs --output FILE.pdf") }
    }

    func run() throws {
        let store = try inventory.open()
        let report = try BoardReport(store: store, site: inventory.site, policy: BuiltInSignatures.set.policy, tableVersion: BuiltInSignatures.table.version, makerNames: BoardReport.makerNames(BuiltInSignatures.set.makers),
                                    recorderInputs: BuiltInSignatures.table.recorderInputs(model:))
        let text: String
        switch format {
        case .html, .pdf: text = HTMLReportRenderer().render(report)
        case .csv: text = TabularReportRenderer().csv(report)
        case .json: text = TabularReportRenderer().json(report)
        case .md: text = TabularReportRenderer().markdown(report)
        }
        if format == .pdf, let output {
            try PDFPrinter.print(html: text, to: output)
            Output.error("report written to \(output)")
            return
        }
        guard let output else {
            Output.line(text)
            return
        }
        do {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } catch {
            throw RuntimeFailure(description: "cannot write \(output): \(error.localizedDescription)")
        }
        Output.error("report written to \(output)")
    }
}

/// Renders the HTML report to PDF with Debian's chromium in headless mode.
enum PDFPrinter {
    static func print(html: String, to output: String) throws {
        guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw RuntimeFailure(description: "PDF needs headless Chromium: install Debian's chromium package, or write --format html and print it from a browser")
        }
        let source = FileManager.default.temporaryDirectory.appendingPathComponent("camaudit-report-\(UUID().uuidString).html")
        try html.write(to: source, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: source) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--no-pdf-header-footer", "--print-to-pdf=\((output as NSString).standardizingPath)", source.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: output) else {
            throw RuntimeFailure(description: "chromium could not print the report (exit \(process.terminationStatus))")
        }
    }
}
