"""Settings package: base (shared), dev, test and production modules."""
