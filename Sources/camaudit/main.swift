import CamAuditCLI

CamAuditProcess.prepare()
CamAuditCommand.runFromCommandLine()
