import sys

from sidefx._cli import main

if __name__ == "__main__":
    sys.exit(main())
