"""``python -m mlzemi.glass generate|calibrate|estimate|verify`` (see :mod:`mlzemi.glass.generate`)."""

from .generate import main

if __name__ == "__main__":
    main()
