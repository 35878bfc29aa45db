import CamAuditXML
import FuzzSupport

// Both configurations the product uses: device replies (small limits, elements after the root
// allowed) and signature files (the defaults).
fuzz { input in
    _ = try? XMLDocumentParser(limits: .deviceReply).parse(input)
    _ = try? XMLDocumentParser().parse(input)
}
