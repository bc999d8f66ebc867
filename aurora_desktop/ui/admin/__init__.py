"""The Administration page: users, emergency-access review and the audit trail viewer."""
