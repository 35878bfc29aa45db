/// The publications behind the shared reference's citation tags (protocols.md §12, "Sources").
/// A fingerprint example cited as `protocols.md §4.4 [EVERCAM-10]` was written from the same
/// publication as an evaluation record taken from evercam/evercam-server's issue 10; without
/// this map the two would count as different sources and leave-one-source-out would credit the
/// fingerprint on data it was written from. Tags naming no public repository or page stay
/// `ref:<tag>`.
enum ReferenceTags {
    static let publication: [String: String] = [
        "onvif-core": "onvif/specs",
        "pywsd": "andreikop/python-ws-discovery",
        "nm-sp": "nmap/nmap", "nm-wsdd": "nmap/nmap", "nm-upnp": "nmap/nmap", "nm-dnssd": "nmap/nmap",
        "us": "julienblitte/universalscanner",
        "sky": "skylightcyber.com/2023/09/14/neighbourhood-watch-hikvision-intercom-eavesdropping",
        "cn-sadp": "cameronnewman/hikvision-tooling",
        "hiktools": "matrixeditor/hiktools",
        "itsc-sadp": "llll-m/privatecodeforitsc",
        "hikclient": "missial/hikvision-client",
        "recog": "rapid7/recog",
        "whatweb": "urbanadventurer/whatweb",
        "whatweb-425": "urbanadventurer/whatweb#threads",
        "hiknext-231": "maciej-or/hikvision_next#threads",
        "evercam-10": "evercam/evercam-server#threads",
        "capture": "eson-jia/easydarwin",
        "bashis1": "mcw0/poc", "mcw0-poc": "mcw0/poc",
        "bashis2": "mcw0/tools",
        "amp": "phenomite/amp-research", "amp-wsd": "phenomite/amp-research",
        "rroller": "rroller/dahua",
        "rroller-101": "rroller/dahua#threads", "rroller-583": "rroller/dahua#threads",
        "dhp2p": "khoanguyen-3fc/dh-p2p",
        "zeep-test": "mvantellingen/python-zeep",
        "agsh-94": "agsh/onvif#threads", "agsh-184": "agsh/onvif#threads", "agsh-210": "agsh/onvif#threads",
        "agsh-94/184/210": "agsh/onvif#threads",
        "easyonvif-73": "cdavis-code/easy_onvif_workspace#threads",
        "zm-1410": "zoneminder/zoneminder#threads",
        "onvif-disc-pr1": "vicmaeg/onvif-discovery#threads",
        "satori": "xnih/satori",
        "camio-224": "camiocam/rtsp#threads",
        "zosi": "kaetemi/sdk_for_zr04rn",
    ]

    /// `ref:<tag>` → the publication's key, when the tag names one.
    static func resolve(_ key: String) -> String {
        guard key.hasPrefix("ref:") else { return key }
        return publication[String(key.dropFirst(4))] ?? key
    }
}
