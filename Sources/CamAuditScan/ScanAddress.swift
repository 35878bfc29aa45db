import CamAuditModel

/// An address the scanner may probe: the model's address type, named for the scanner's API.
public typealias ScanAddress = IPAddress
