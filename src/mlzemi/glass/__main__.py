"""``python -m mlzemi.glass generate|calibrate|estimate|verify`` (see :mod:`mlzemi.glass.generate`) and
``python -m mlzemi.glass chains run|status|merge|estimate`` (data set v2, see :mod:`mlzemi.glass.chains`)."""

import sys

if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "chains":
        from .chains import main as chains_main

        chains_main(sys.argv[2:])
    else:
        from .generate import main

        main()
