"""Security: the database key and its wrapping, accounts and roles, the access log."""
