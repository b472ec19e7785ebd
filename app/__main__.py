"""``python -m app`` runs the command line (and the window by default)."""
import sys

from app.cli import main

sys.exit(main())
