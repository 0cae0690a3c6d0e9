import sys

from ketagraph.cli import main

sys.exit(main())
