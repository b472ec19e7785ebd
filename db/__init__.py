"""Persistence for CouncilDesk: models, the one engine/session factory and migrations.

This package knows nothing of Qt or of the domain services in ``app/``.
"""
