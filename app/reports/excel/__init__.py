"""The generic Excel pipeline shared by every area that exports and imports a sheet.

``columns`` declares a sheet once; ``workbook`` opens, writes and saves files safely;
``reader`` turns rows into typed cells with per-cell errors; ``importer`` holds the plan
and applies it in one transaction. An area adds only a small hook (its columns, a batch
check with its own rules, a row writer): see ``app.reports.excel_members``.
"""
