"""Entry point for the packaged app: the same CLI, opening the window by default."""
import sys

from app.cli import main

sys.exit(main())
