import CamAuditSignatureFormat
import FuzzSupport

// What `camaudit signatures verify FILE` does with a user's file: parse, then validate (which
// compiles each regex and runs every example through it).
fuzz { input in
    var parser = SignatureParser()
    var set = SignatureSet()
    parser.parseXML(input, path: "fuzz.xml", into: &set)
    _ = SignatureValidator().validate(set)
}
