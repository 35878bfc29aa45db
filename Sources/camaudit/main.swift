import CamAuditCLI

CamAuditProcess.prepare()
CamAuditCommand.main()
