import sys

from volmify.stripe_standin.server import main

sys.exit(main(sys.argv[1:]))
