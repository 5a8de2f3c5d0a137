"""spygeo: plane geometry written in SPy (geometry.spy), compiled into
an extension module when the wheel is built."""

from .geometry import Point, centroid, distance, polygon_area

__all__ = ["Point", "centroid", "distance", "polygon_area"]
