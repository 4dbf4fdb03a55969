"""Allow `python -m netcrm`."""

from netcrm.cli import main

main()
