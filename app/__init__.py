"""CouncilDesk domain: services, rules, reports, sync and the command line. No Qt here."""

__version__ = "0.1.0"
