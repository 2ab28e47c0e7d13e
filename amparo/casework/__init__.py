"""Case work: cases and their deadlines, escalation, alerts, accounts, the audit log and
data protection."""
