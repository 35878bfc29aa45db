import CamAuditCLI

CamAuditProcess.prepare()
await CamAuditCommand.runFromCommandLine()
