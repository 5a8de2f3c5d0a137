"""`python -m stage0 ...`: see stage0/cli.py."""

import sys

from stage0.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
