"""Aurora Desktop: supervised SPRAVATO treatment sessions for Aurora Wellness clinics."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("aurora-desktop")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"
