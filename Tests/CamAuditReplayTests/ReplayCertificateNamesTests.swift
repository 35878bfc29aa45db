import CamAuditFleet
import Foundation
import Testing

/// Certificate names as records print them, for the throw-away certificate a host serves.
@Suite struct ReplayCertificateNamesTests {
    @Test func curlFormWithSemicolonsKeepsCommasInValues() throws {
        let names = try #require(ReplayCertificateNames("subject: CN=192.168.20.92; C=CN\nissuer: CN=NVR; C=CN; O=ZheJiang Dahua Technology CO.,LTD.; OU=NVR\n"))
        #expect(names.subject.map { "\($0.key)=\($0.value)" } == ["CN=192.168.20.92", "C=CN"])
        #expect(names.issuer.map(\.value) == ["NVR", "CN", "ZheJiang Dahua Technology CO.,LTD.", "NVR"])
        #expect(!names.selfSigned)
    }

    @Test func sClientFormAndSubjectAloneIsSelfSigned() throws {
        let chain = try #require(ReplayCertificateNames(" 0 s:C = CN, ST = GD, O = reokink, CN = reolink, emailAddress = service@reo-link.com\n   i:CN = REOLINK"))
        #expect(chain.subject.map(\.key) == ["C", "ST", "O", "CN", "emailAddress"])
        #expect(chain.issuer.map { "\($0.key)=\($0.value)" } == ["CN=REOLINK"])
        let alone = try #require(ReplayCertificateNames("Subject: C=CN, ST=ZJ, L=HZ, O=HIKVISION, OU=HZ, CN=hikvision.com"))
        #expect(alone.selfSigned)
        #expect(ReplayCertificateNames.opensslSubject(alone.subject) == "/C=CN/ST=ZJ/L=HZ/O=HIKVISION/OU=HZ/CN=hikvision.com")
        #expect(ReplayCertificateNames("no certificate here") == nil)
    }
}
