"""Sample articles written for geokg."""
